import { createWriteStream } from 'node:fs';
import { type FileHandle, mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Dispatcher, request } from 'undici';
import { type ChunkPlan, planChunks } from '../tiktok/chunk-plan.js';
import { networkError } from '../tiktok/errors.js';
import { NetworkError, UsageError } from './errors.js';
import {
  type Container,
  describeBytes,
  durationFromMoov,
  findTopLevelBox,
  sniffVideo,
} from './media-probe.js';
import { LIMITS } from './rules.js';

/** A chunk's bytes; `open()` may be called again to retry the chunk. */
export interface ChunkBody {
  length: number;
  open(): Buffer | Readable | AsyncIterable<Buffer>;
}

const READ_BUFFER = 256 * 1024;

/**
 * Reads a file range through two reused buffers. undici pulls the next piece only once the socket
 * took the previous one (write returned true, or after 'drain'), so a buffer is free again when it
 * comes round; reusing them keeps a gigabyte upload from leaving megabytes of garbage behind.
 * Chunks go one at a time, so every chunk of a file shares the same two buffers.
 */
async function* readRange(
  handle: FileHandle,
  ring: Buffer[],
  start: number,
  end: number,
): AsyncGenerator<Buffer> {
  let turn = 0;
  for (let at = start; at <= end; ) {
    const buf = ring[turn++ % 2]!;
    const { bytesRead } = await handle.read(buf, 0, Math.min(buf.length, end - at + 1), at);
    if (bytesRead === 0) throw new Error('the file got shorter while uploading');
    at += bytesRead;
    yield buf.subarray(0, bytesRead);
  }
}

/** A video ready to upload: its size, container, duration when known, and its chunks on demand. */
export interface VideoSource {
  label: string;
  size: number;
  contentType: Container;
  durationSec?: number;
  plan: ChunkPlan;
  chunk(index: number): Promise<ChunkBody>;
  close(): Promise<void>;
}

const HEAD_BYTES = 1024 * 1024;

/** True when the input is an http(s) URL rather than a local path. */
export function isUrl(input: string): boolean {
  return /^https?:\/\//i.test(input);
}

/** Opens a local file or an http(s) URL as a video source, checking size and container before anything is sent. */
export async function openVideo(input: string, dispatcher: Dispatcher): Promise<VideoSource> {
  return isUrl(input) ? openUrl(input, dispatcher) : openFile(input);
}

async function openFile(path: string, cleanup?: () => Promise<void>): Promise<VideoSource> {
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new UsageError(`${path} is a directory, not a video file.`);
    size = info.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw fileError(path, error);
  }
  checkSize(path, size);
  const handle = await open(path, 'r').catch((error) => {
    throw fileError(path, error);
  });
  const read = async (offset: number, length: number) => {
    const buf = Buffer.alloc(Math.min(length, size - offset));
    const { bytesRead } = await handle.read(buf, 0, buf.length, offset);
    return buf.subarray(0, bytesRead);
  };
  try {
    const head = await read(0, HEAD_BYTES);
    const contentType = sniffOrThrow(path, head);
    let durationSec = durationFromMoov(head);
    if (durationSec === undefined && contentType !== 'video/webm') {
      const moov = await findTopLevelBox(read, size, 'moov');
      if (moov && moov.size <= 64 * 1024 * 1024)
        durationSec = durationFromMoov(await read(moov.offset, moov.size));
    }
    const plan = planChunks(size);
    const ring = [Buffer.allocUnsafe(READ_BUFFER), Buffer.allocUnsafe(READ_BUFFER)];
    return {
      label: path,
      size,
      contentType,
      durationSec,
      plan,
      async chunk(index) {
        const c = plan.chunks[index]!;
        return {
          length: c.end - c.start + 1,
          open: () => readRange(handle, ring, c.start, c.end),
        };
      },
      async close() {
        await handle.close();
        await cleanup?.();
      },
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

function fileError(path: string, error: unknown): UsageError {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT')
    return new UsageError(`${path}: no such file.`, { hint: 'check the path or use an http(s) URL' });
  if (code === 'EACCES' || code === 'EPERM') return new UsageError(`${path}: permission denied.`);
  if (code === 'EISDIR') return new UsageError(`${path} is a directory, not a video file.`);
  return new UsageError(`${path}: cannot read (${code ?? String(error)}).`);
}

function checkSize(label: string, size: number): void {
  if (size === 0) throw new UsageError(`${label} is empty.`);
  if (size > LIMITS.maxVideoBytes) {
    throw new UsageError(
      `${label} is ${(size / 1024 ** 3).toFixed(2)} GiB; TikTok accepts videos up to 4 GB.`,
    );
  }
}

function sniffOrThrow(label: string, head: Uint8Array): Container {
  const type = sniffVideo(head);
  if (!type) {
    throw new UsageError(`${label} is ${describeBytes(head)}, not an MP4, MOV or WebM video.`, {
      hint: 'TikTok accepts MP4, MOV and WebM',
    });
  }
  return type;
}

async function get(url: string, dispatcher: Dispatcher, headers: Record<string, string> = {}) {
  try {
    const res = await request(url, { dispatcher, headers, maxRedirections: 5 } as Parameters<
      typeof request
    >[1]);
    return res;
  } catch (error) {
    throw networkError(new URL(url).host, error);
  }
}

async function openUrl(url: string, dispatcher: Dispatcher): Promise<VideoSource> {
  const res = await get(url, dispatcher);
  if (res.statusCode >= 400) {
    await res.body.dump();
    throw new UsageError(`${url} answered HTTP ${res.statusCode}.`, {
      hint: 'check that the video URL is public',
    });
  }
  const length = Number(res.headers['content-length']);
  if (!Number.isFinite(length) || res.headers['content-length'] === undefined) {
    // No length: TikTok needs the size up front, so spool to a private temp file first.
    const dir = await mkdtemp(join(tmpdir(), 'agoras-'));
    const file = join(dir, 'video');
    await pipeline(res.body, createWriteStream(file, { mode: 0o600 })).catch((error) => {
      throw networkError(new URL(url).host, error);
    });
    const source = await openFile(file, () => rm(dir, { recursive: true, force: true }));
    return { ...source, label: url };
  }
  checkSize(url, length);
  // Two chunks are held at once: one uploading, the next downloading.
  const plan = planChunks(length);
  const reader = new ExactReader(res.body);
  const first = await reader.read(plan.chunks[0]!.end + 1).catch(async (error) => {
    throw downloadError(url, error);
  });
  const head = headOf(first);
  const contentType = sniffVideo(head);
  if (!contentType) {
    res.body.destroy();
    sniffOrThrow(url, head);
  }
  const pending = new Map<number, Promise<Buffer[]>>([[0, Promise.resolve(first)]]);
  let nextIndex = 1; // next chunk the single GET stream will produce
  const prefetch = () => {
    if (nextIndex < plan.totalChunkCount && !pending.has(nextIndex)) {
      const c = plan.chunks[nextIndex++]!;
      const p = reader.read(c.end - c.start + 1);
      p.catch(() => {}); // surfaced when awaited
      pending.set(c.index, p);
    }
  };
  return {
    label: url,
    size: length,
    contentType: contentType!,
    durationSec: durationFromMoov(head),
    plan,
    async chunk(index) {
      const c = plan.chunks[index]!;
      let parts: Buffer[];
      const p = pending.get(index);
      if (p) {
        pending.delete(index);
        parts = await p.catch((error) => {
          throw downloadError(url, error);
        });
      } else {
        // Out of sequence (a resume went back): fetch just that range.
        const r = await get(url, dispatcher, { range: `bytes=${c.start}-${c.end}` });
        const buf = Buffer.from(await r.body.arrayBuffer());
        parts = [buf];
        if (r.statusCode !== 206 || buf.length !== c.end - c.start + 1) {
          throw new NetworkError(`${url} cannot serve byte ranges, so the upload cannot resume.`);
        }
      }
      prefetch(); // download the next chunk while this one uploads
      // Sent as the downloaded pieces themselves: no copy of the chunk is made.
      return { length: c.end - c.start + 1, open: () => iterate(parts) };
    },
    async close() {
      pending.clear();
      res.body.destroy();
    },
  };
}

async function* iterate(parts: Buffer[]): AsyncGenerator<Buffer> {
  yield* parts;
}

/** The first bytes of a chunk's parts, joined (one small copy) for sniffing. */
function headOf(parts: Buffer[]): Buffer {
  const out: Buffer[] = [];
  let have = 0;
  for (const part of parts) {
    if (have >= HEAD_BYTES) break;
    out.push(part);
    have += part.length;
  }
  return Buffer.concat(out).subarray(0, HEAD_BYTES);
}

function downloadError(url: string, error: unknown): NetworkError {
  if (error instanceof NetworkError) return error;
  return networkError(new URL(url).host, error);
}

/** Reads exact byte counts from a stream, keeping at most the chunk asked for plus one read's leftover. */
class ExactReader {
  readonly #it: AsyncIterator<Buffer>;
  #carry: Buffer = Buffer.alloc(0);
  #queue: Promise<unknown> = Promise.resolve();
  constructor(stream: Readable) {
    this.#it = stream[Symbol.asyncIterator]();
  }
  /** Reads are serialised: each starts where the previous ended. The parts are the stream's own buffers, not copies. */
  read(n: number): Promise<Buffer[]> {
    const next = this.#queue.then(() => this.#readNow(n));
    this.#queue = next.catch(() => {});
    return next;
  }
  async #readNow(n: number): Promise<Buffer[]> {
    const parts: Buffer[] = this.#carry.length ? [this.#carry] : [];
    let have = this.#carry.length;
    while (have < n) {
      const { value, done } = await this.#it.next();
      if (done) throw new Error(`the server sent ${have} bytes fewer than it announced`);
      parts.push(value);
      have += value.length;
    }
    // Split the last part at the boundary without copying: the rest starts the next read.
    const last = parts.pop()!;
    const keep = last.length - (have - n);
    parts.push(last.subarray(0, keep));
    this.#carry = last.subarray(keep);
    return parts;
  }
}
