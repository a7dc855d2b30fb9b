export type SheetsEndpoint = 'token' | 'get' | 'update' | 'batchUpdate' | 'append';

/** A fault to inject on the next `times` calls of an endpoint. */
export interface SheetsFault {
  endpoint: SheetsEndpoint;
  /** How many calls it hits; default 1. */
  times?: number;
  /** For `respond`: the HTTP status, default 503. */
  status?: number;
  /** respond with an error (default), reset the connection, or delay then serve normally. */
  action?: 'respond' | 'reset' | 'delay';
  delayMs?: number;
}

/** A queue of armed faults; each call of an endpoint consumes the first fault armed for it. */
export class FaultQueue {
  readonly #armed: (SheetsFault & { left: number })[] = [];

  /** Arms a fault. */
  add(fault: SheetsFault): void {
    this.#armed.push({ ...fault, left: fault.times ?? 1 });
  }

  /** The fault for this call, if any, counting it down. */
  take(endpoint: SheetsEndpoint): SheetsFault | undefined {
    const index = this.#armed.findIndex((f) => f.endpoint === endpoint);
    const fault = this.#armed[index];
    if (!fault) return undefined;
    fault.left -= 1;
    if (fault.left <= 0) this.#armed.splice(index, 1);
    return fault;
  }
}
