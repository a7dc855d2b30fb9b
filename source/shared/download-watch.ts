import { type DownloadLimits, downloadLimits, spokenMs } from './download-limits.js';
import { NetworkError } from './errors.js';

/**
 * Watches one download against its limits: the time spent waiting for the server in all, and the
 * bytes it sent in each window of that waiting time. Only waiting counts: a streamed video is read
 * as fast as TikTok takes it, and the time its chunks spend uploading is not the server's fault.
 */
export class DownloadWatch {
  #waitedMs = 0;
  #windowStart = 0;
  #windowBytes = 0;

  constructor(
    readonly what: string,
    readonly limits: DownloadLimits = downloadLimits('media'),
    readonly now: () => number = Date.now,
  ) {}

  /**
   * Waits for the next piece of a body. Past the deadline, or slower than the minimum rate over a
   * window, `abandon` drops the body (so the pending read ends) and a NetworkError says which limit.
   */
  async next<T extends { value?: unknown; done?: boolean }>(
    pending: Promise<T>,
    abandon: () => void,
  ): Promise<T> {
    pending.catch(() => {}); // a body dropped on a trip rejects its pending read: nobody awaits it then
    for (;;) {
      const started = this.now();
      const dueAt = Math.min(this.limits.deadlineMs, this.#windowStart + this.limits.windowMs);
      let timer: NodeJS.Timeout | undefined;
      const tick = new Promise<'tick'>((resolve) => {
        timer = setTimeout(() => resolve('tick'), Math.max(0, dueAt - this.#waitedMs));
      });
      const result = await Promise.race([pending, tick]).finally(() => clearTimeout(timer));
      this.#waitedMs += this.now() - started;
      if (result !== 'tick') {
        const piece = (result as T).value as { length?: number } | undefined;
        this.#windowBytes += piece?.length ?? 0;
        this.#roll(abandon);
        return result as T;
      }
      this.#roll(abandon);
    }
  }

  /** Closes every window that has ended: each must have brought its bytes. */
  #roll(abandon: () => void): void {
    const { deadlineMs, windowMs, minBytesPerSecond } = this.limits;
    if (this.#waitedMs >= deadlineMs) {
      abandon();
      throw new NetworkError(`${this.what} took longer than ${spokenMs(deadlineMs)} to download; gave up.`, {
        hint: 'a faster server, or a longer AGORAS_DOWNLOAD_DEADLINE_MS / AGORAS_SOURCE_DEADLINE_MS',
      });
    }
    const elapsed = this.#waitedMs - this.#windowStart;
    if (elapsed < windowMs) return;
    if (minBytesPerSecond > 0 && (this.#windowBytes * 1000) / elapsed < minBytesPerSecond) {
      abandon();
      throw new NetworkError(
        `${this.what} sent ${this.#windowBytes} bytes in ${spokenMs(elapsed)}, slower than ${minBytesPerSecond} bytes/s; gave up.`,
        { hint: 'a faster server, or a lower AGORAS_DOWNLOAD_MIN_RATE (0 turns the check off)' },
      );
    }
    this.#windowStart = this.#waitedMs;
    this.#windowBytes = 0;
  }
}

/** A body's pieces, each awaited under the watch (for readers that take the whole body in a loop). */
export async function* watched(
  body: AsyncIterable<unknown> & { destroy(): void },
  watch: DownloadWatch,
): AsyncGenerator<Buffer> {
  const it = body[Symbol.asyncIterator]();
  for (;;) {
    const { value, done } = await watch.next(it.next(), () => body.destroy());
    if (done) return;
    yield value as Buffer;
  }
}
