import type { Readable } from 'node:stream';
import type { DownloadWatch } from '../shared/download-watch.js';
import { collectDownloadGarbage } from './young-gc.js';

/** Bytes read between two collections of the socket buffers they came in (see young-gc.ts). */
const COLLECT_EVERY = 2 * 1024 * 1024;

/**
 * Reads a response body in order into buffers the caller owns. Each piece the socket delivers is
 * copied once into the chunk buffer and dropped at once (it dies young, in V8's new space), instead
 * of being kept until its chunk is uploaded. Nothing is pulled between fills: the body's own buffer
 * fills to its high-water mark, undici stops reading the socket, and TCP slows the server down.
 */
export class BodyReader {
  readonly #body: Readable;
  readonly #it: AsyncIterator<Buffer>;
  #carry: Buffer | undefined;
  #sinceCollect = 0;
  #queue: Promise<unknown> = Promise.resolve();
  /** Absolute offset in the resource of the next byte this reader yields. */
  position: number;

  readonly #watch: DownloadWatch | undefined;

  /** `watch`: the download's deadline and minimum rate, kept while this reader waits for bytes. */
  constructor(body: Readable, position: number, watch?: DownloadWatch) {
    this.#body = body;
    this.#watch = watch;
    this.#it = body[Symbol.asyncIterator]();
    this.position = position;
  }

  /** Copies the next `n` bytes into `target` from its start and returns that view of it. */
  async fill(target: Buffer, n: number): Promise<Buffer> {
    await this.#serial(() => this.#consume(n, target));
    return target.subarray(0, n);
  }

  /** Reads past `n` bytes (a server that ignored a Range request, or a short jump forward). */
  skip(n: number): Promise<void> {
    return this.#serial(() => this.#consume(n, undefined));
  }

  /** Reads run one after another, each where the previous one ended. */
  #serial(read: () => Promise<void>): Promise<void> {
    const next = this.#queue.then(read);
    this.#queue = next.catch(() => {});
    return next;
  }

  async #consume(n: number, target: Buffer | undefined): Promise<void> {
    let have = 0;
    while (have < n) {
      let piece = this.#carry;
      this.#carry = undefined;
      if (!piece) {
        const { value, done } = this.#watch
          ? await this.#watch.next(this.#it.next(), () => this.#body.destroy())
          : await this.#it.next();
        if (done) throw new Error(`the server sent ${this.position + have} bytes, fewer than it announced`);
        piece = value as Buffer;
        this.#sinceCollect += piece.length;
        if (this.#sinceCollect >= COLLECT_EVERY) {
          this.#sinceCollect = 0;
          collectDownloadGarbage();
        }
      }
      const take = Math.min(piece.length, n - have);
      target?.set(piece.subarray(0, take), have);
      have += take;
      // The rest of a piece that crosses a chunk boundary starts the next fill (one piece at most).
      if (take < piece.length) this.#carry = piece.subarray(take);
    }
    this.position += n;
  }

  destroy(): void {
    this.#carry = undefined;
    this.#body.destroy();
  }
}
