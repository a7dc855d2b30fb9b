import { type FileHandle, open } from 'node:fs/promises';
import type { RangeReader } from './types.js';

/** Fetch bytes [offset, offset + length) from the source; may return more (a server ignoring Range). */
export type Fetch = (offset: number, length: number, signal?: AbortSignal) => Promise<Uint8Array>;

const MIN_READ = 16 * 1024;
const MAX_READ_AHEAD = 256 * 1024;
const CACHE_BYTES = 16 * 1024 * 1024;

/**
 * A RangeReader over any fetch: keeps what it fetched (parsers re-read headers), and reads ahead
 * when the parser walks forward, so a big moov by URL takes a few requests rather than hundreds.
 */
export class CachedReader implements RangeReader {
  #parts: { start: number; bytes: Uint8Array }[] = [];
  #cached = 0;
  #lastEnd = -1;
  #ahead = MIN_READ;
  #fetched = 0;

  constructor(
    private readonly source: {
      size(signal?: AbortSignal): Promise<number>;
      fetch: Fetch;
      close?(): Promise<void>;
    },
  ) {}

  get bytesRead(): number {
    return this.#fetched;
  }

  size(signal?: AbortSignal): Promise<number> {
    return this.source.size(signal);
  }

  /** Hand over bytes that arrived without being asked for (the body of a first request). */
  keep(start: number, bytes: Uint8Array): void {
    this.#fetched += bytes.length;
    this.#store(start, bytes);
  }

  async read(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array> {
    signal?.throwIfAborted();
    const size = await this.source.size(signal);
    const end = Math.min(offset + length, size);
    if (end <= offset) return new Uint8Array(0);
    const hit = this.#find(offset, end);
    if (hit) return hit;
    this.#ahead = offset === this.#lastEnd ? Math.min(this.#ahead * 2, MAX_READ_AHEAD) : MIN_READ;
    const want = Math.min(size, Math.max(end, offset + this.#ahead)) - offset;
    const got = await this.source.fetch(offset, want, signal);
    signal?.throwIfAborted();
    this.#fetched += got.length;
    this.#store(offset, got);
    this.#lastEnd = offset + got.length;
    return got.subarray(0, end - offset);
  }

  close(): Promise<void> {
    this.#parts = [];
    return this.source.close?.() ?? Promise.resolve();
  }

  #find(offset: number, end: number): Uint8Array | undefined {
    for (const part of this.#parts) {
      if (part.start <= offset && part.start + part.bytes.length >= end) {
        return part.bytes.subarray(offset - part.start, end - part.start);
      }
    }
    return undefined;
  }

  #store(start: number, bytes: Uint8Array): void {
    this.#parts.push({ start, bytes });
    this.#cached += bytes.length;
    // Drop the oldest parts, but never the first: headers are read again at the end.
    while (this.#cached > CACHE_BYTES && this.#parts.length > 2) {
      const [dropped] = this.#parts.splice(1, 1);
      this.#cached -= dropped!.bytes.length;
    }
  }
}

/** A RangeReader over a local file (opened on first use). */
export function fileReader(path: string): RangeReader {
  let handle: Promise<{ fh: FileHandle; size: number }> | undefined;
  const opened = () => {
    handle ??= open(path, 'r').then(async (fh) => ({ fh, size: (await fh.stat()).size }));
    return handle;
  };
  return new CachedReader({
    size: async () => (await opened()).size,
    async fetch(offset, length) {
      const { fh } = await opened();
      const out = Buffer.alloc(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await fh.read(out, done, length - done, offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return out.subarray(0, done);
    },
    async close() {
      if (handle) await (await handle).fh.close();
      handle = undefined;
    },
  });
}
