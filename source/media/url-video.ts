import { createWriteStream, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Dispatcher, request } from 'undici';
import { onInterrupt } from '../shared/cleanup.js';
import { AgorasError, CancelledError, NetworkError, UsageError } from '../shared/errors.js';
import { LIMITS } from '../shared/post-job.js';
import { planChunks } from '../tiktok/chunk-plan.js';
import { networkError } from '../tiktok/errors.js';
import { durationFromMoov, sniffVideo } from './media-probe.js';
import { checkSize, HEAD_BYTES, openFile, sniffOrThrow, type VideoSource } from './video-source.js';

async function get(
  url: string,
  dispatcher: Dispatcher,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
) {
  try {
    // Redirects are followed by the media dispatcher's interceptor.
    return await request(url, { dispatcher, headers, signal });
  } catch (error) {
    if (signal?.aborted) throw new CancelledError();
    throw networkError(new URL(url).host, error);
  }
}

/** Opens an http(s) video: one GET streamed into chunks, the next downloading while one uploads. */
export async function openUrl(
  url: string,
  dispatcher: Dispatcher,
  signal?: AbortSignal,
): Promise<VideoSource> {
  const res = await get(url, dispatcher, {}, signal);
  if (res.statusCode >= 400) {
    await res.body.dump();
    throw new UsageError(`${url} answered HTTP ${res.statusCode}.`, {
      hint: 'check that the video URL is public',
    });
  }
  try {
    return await streamUrl(url, res, dispatcher, signal);
  } catch (error) {
    // Whatever failed, the response must not stay open: a paused body keeps the process alive.
    res.body.destroy();
    throw error;
  }
}

/** Spools a response without a length to a private temp file (TikTok needs the size up front). */
async function spool(url: string, body: Readable, signal?: AbortSignal): Promise<VideoSource> {
  const dir = await mkdtemp(join(tmpdir(), 'agoras-'));
  // Interrupted (Ctrl+C, SIGTERM, SIGHUP), the spool goes with the run.
  const unregister = onInterrupt(() => rmSync(dir, { recursive: true, force: true }));
  const removeDir = async () => {
    unregister();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const file = join(dir, 'video');
    let seen = 0;
    const capped = async function* (source: AsyncIterable<Buffer>) {
      for await (const part of source) {
        seen += part.length;
        if (seen > LIMITS.maxVideoBytes) throw new UsageError(`${url} is larger than TikTok's 4 GB limit.`);
        yield part;
      }
    };
    await pipeline(body, capped, createWriteStream(file, { mode: 0o600 }), { signal }).catch((error) => {
      if (signal?.aborted) throw new CancelledError();
      throw error instanceof UsageError ? error : networkError(new URL(url).host, error);
    });
    const source = await openFile(file, removeDir, url);
    return source;
  } catch (error) {
    await removeDir();
    throw error;
  }
}

async function streamUrl(
  url: string,
  res: Awaited<ReturnType<typeof get>>,
  dispatcher: Dispatcher,
  signal?: AbortSignal,
): Promise<VideoSource> {
  const length = Number(res.headers['content-length']);
  if (!Number.isFinite(length) || res.headers['content-length'] === undefined)
    return spool(url, res.body, signal);
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
        const r = await get(url, dispatcher, { range: `bytes=${c.start}-${c.end}` }, signal);
        if (r.statusCode !== 206) {
          r.body.destroy(); // a server that ignores Range would send the whole file: don't read it
          throw new NetworkError(`${url} cannot serve byte ranges, so the upload cannot resume.`);
        }
        const buf = Buffer.from(await r.body.arrayBuffer());
        if (buf.length !== c.end - c.start + 1)
          throw new NetworkError(`${url} sent a short range; the upload cannot resume.`);
        parts = [buf];
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

function downloadError(url: string, error: unknown): AgorasError {
  if (error instanceof AgorasError) return error;
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
