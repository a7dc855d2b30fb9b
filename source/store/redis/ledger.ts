import { UsageError } from '../../shared/errors.js';
import { pairs } from './accounts.js';
import { type Context, exactInt } from './context.js';
import { CLAIM, FORGET, MARK } from './scripts.js';
import type { Guarded, LedgerDetails, LedgerEntry, LedgerStore, PendingIntent } from './types.js';

/** Only the fields the ledger knows, integers checked so the Lua merge keeps them exact. */
function patchOf(details: LedgerDetails & { owner?: string }, at: number): Record<string, string | number> {
  const patch: Record<string, string | number> = { at: exactInt('at', at) };
  if (details.publishId !== undefined) patch.publishId = String(details.publishId);
  if (details.label !== undefined) patch.label = String(details.label);
  if (details.videoSize !== undefined) patch.videoSize = exactInt('videoSize', details.videoSize);
  if (details.owner !== undefined) patch.owner = String(details.owner);
  return patch;
}

function decodeEntry(context: Context, key: string, json: string): LedgerEntry {
  try {
    return JSON.parse(json) as LedgerEntry;
  } catch {
    throw new UsageError(
      `The ledger entry '${key}' in the store ${context.link.display} is damaged (not JSON).`,
    );
  }
}

/**
 * The ledger: one hash of item key → entry. A pending intent is taken with HSETNX (SET NX on the
 * item) inside a script that may also check a lease; accepted and done merge into the entry.
 */
export class RedisLedger implements LedgerStore {
  constructor(readonly context: Context) {}

  async claimPending(key: string, intent: PendingIntent, options: Guarded = {}): Promise<boolean> {
    if (!intent.owner) throw new RangeError('A pending intent needs its owner (the runner that takes it).');
    const entry = { state: 'pending', ...patchOf(intent, Math.round(this.context.now())) };
    const { keys } = this.context;
    return (
      (await this.context.guarded(CLAIM, options.guard, keys.ledger, [key, JSON.stringify(entry)])) === 1
    );
  }

  async markAccepted(
    key: string,
    publishId: string,
    details: LedgerDetails = {},
    options: Guarded = {},
  ): Promise<boolean> {
    if (!publishId) throw new RangeError('markAccepted needs the publish ID TikTok returned.');
    return this.#mark(key, 'accepted', { ...details, publishId }, options);
  }

  async markDone(key: string, details: LedgerDetails = {}, options: Guarded = {}): Promise<boolean> {
    return this.#mark(key, 'done', details, options);
  }

  async #mark(key: string, state: string, details: LedgerDetails, options: Guarded): Promise<boolean> {
    const patch = JSON.stringify(patchOf(details, Math.round(this.context.now())));
    const { keys } = this.context;
    return (await this.context.guarded(MARK, options.guard, keys.ledger, [key, state, patch])) === 1;
  }

  async forget(key: string, options: Guarded = {}): Promise<boolean> {
    return (await this.context.guarded(FORGET, options.guard, this.context.keys.ledger, [key])) === 1;
  }

  async get(key: string): Promise<LedgerEntry | undefined> {
    const json = await this.context.link.command<string | null>(['HGET', this.context.keys.ledger, key]);
    return json == null ? undefined : decodeEntry(this.context, key, json);
  }

  async list(): Promise<Record<string, LedgerEntry>> {
    const reply = await this.context.link.command<Record<string, string>>([
      'HGETALL',
      this.context.keys.ledger,
    ]);
    const ledger: Record<string, LedgerEntry> = {};
    for (const [key, json] of pairs(reply)) ledger[key] = decodeEntry(this.context, key, json);
    return ledger;
  }
}
