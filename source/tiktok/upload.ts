import type { Readable } from 'node:stream';
import { type Dispatcher, request } from 'undici';
import type { ChunkBody, ChunkPlan } from '../shared/chunk-plan.js';
import { markNotPublished, NetworkError, RefusedError } from '../shared/errors.js';

/** A chunk's bytes; `open()` may be called again to retry the chunk. */

export interface UploadTarget {
  uploadUrl: string;
  contentType: string;
  plan: ChunkPlan;
  chunk(index: number): Promise<ChunkBody>;
}

export interface UploadOptions {
  dispatcher: Dispatcher;
  onProgress?(sent: number, total: number): void;
  /** Attempts per chunk before giving up (5xx, resets, timeouts). */
  maxAttempts?: number;
  retryBaseMs?: number;
  signal?: AbortSignal;
  /** Resuming: the first chunk to send (TikTok's own count, read from its first reply, wins). */
  startIndex?: number;
  /** Once, at TikTok's first answer: the bytes it held before this run sent any (resume line). */
  onFirstReply?(heldBefore: number): void;
  /** After every accepted chunk: how many chunks TikTok now holds (the resume record is written before the next chunk goes). */
  onAck?(ackedChunks: number): void | Promise<void>;
  /**
   * After a chunk's request failed (a timeout), how long TikTok may go on answering 416 at that
   * chunk's start (still busy with the slow request) before the upload stops; default 2 minutes.
   */
  busyWaitMs?: number;
}

/**
 * TikTok no longer takes this upload: its URL expired (403) or it has no such task (404). Nothing was
 * published (a FILE_UPLOAD publishes only once every byte arrived), so a new upload may start.
 */
export class UploadGone extends RefusedError {
  readonly reason: 'expired' | 'unknown';
  readonly firstReply: boolean;
  constructor(reason: 'expired' | 'unknown', firstReply: boolean) {
    super(
      reason === 'expired'
        ? 'The upload URL expired before the upload finished (TikTok gives it one hour).'
        : 'TikTok no longer has this upload task.',
      { hint: 'run the command again to start a new upload' },
    );
    this.reason = reason;
    this.firstReply = firstReply;
    markNotPublished(this);
  }
}

/** Parses `bytes 0-N/TOTAL` into the count of bytes the server holds (N + 1); 0 for `bytes *\/TOTAL`. */
export function heldBytes(contentRange: string | string[] | undefined): number | undefined {
  const value = Array.isArray(contentRange) ? contentRange[0] : contentRange;
  if (!value) return undefined;
  if (/^bytes \*\/\d+$/.test(value.trim())) return 0;
  const match = /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/.exec(value.trim());
  return match ? Number(match[2]) + 1 : undefined;
}

/**
 * PUTs the chunks in order. On 416 it resumes from the server's Content-Range; on 5xx, resets and
 * timeouts it retries the chunk with backoff. Bodies are streamed (files) or one buffered chunk (URLs).
 */
export async function uploadChunks(target: UploadTarget, options: UploadOptions): Promise<void> {
  const { plan } = target;
  const maxAttempts = options.maxAttempts ?? 6;
  const base = options.retryBaseMs ?? 500;
  const busyWaitMs = options.busyWaitMs ?? 120_000;
  let index = Math.min(options.startIndex ?? 0, plan.totalChunkCount - 1);
  let failures = 0;
  let body: ChunkBody | undefined;
  let bodyIndex = -1;
  let replied = false;
  // Set when a chunk's request failed: what happened, and since when TikTok has not taken the chunk.
  let lost: { why: string; since: number; waits: number } | undefined;
  const firstReply = (held: number) => {
    if (!replied) options.onFirstReply?.(held);
    replied = true;
  };
  const stopped = (why: string) =>
    new NetworkError(`The upload stopped at chunk ${index + 1} of ${plan.totalChunkCount}: ${why}.`, {
      hint: 'run the same command again within the hour: it continues the upload where TikTok stands',
    });
  const retry = async (why: string) => {
    failures += 1;
    if (failures >= maxAttempts) throw stopped(`${why} (${failures} attempts)`);
    await pause(base, failures);
  };
  // A resumed upload reports progress once TikTok has said where it stands.
  const told = () => replied || (options.startIndex ?? 0) === 0;
  if (index === 0) options.onProgress?.(0, plan.videoSize);
  while (index < plan.totalChunkCount) {
    options.signal?.throwIfAborted();
    const c = plan.chunks[index]!;
    if (bodyIndex !== index) {
      body = await target.chunk(index);
      bodyIndex = index;
    }
    let status: number;
    let range: string | string[] | undefined;
    try {
      const res = await request(target.uploadUrl, {
        method: 'PUT',
        dispatcher: options.dispatcher,
        signal: options.signal,
        headers: {
          'content-type': target.contentType,
          'content-length': String(body!.length),
          'content-range': `bytes ${c.start}-${c.end}/${plan.videoSize}`,
        },
        // undici takes async iterables as bodies (it iterates them); its request() typings only omit it.
        // Progress is told as the bytes leave, so a stall shows as one (not as a frozen last chunk).
        body: reporting(
          body!.open(),
          (n) => told() && options.onProgress?.(c.start + n, plan.videoSize),
        ) as Parameters<typeof request>[1] extends infer O
          ? O extends { body?: infer B }
            ? B
            : never
          : never,
      });
      status = res.statusCode;
      range = res.headers['content-range'];
      await res.body.dump();
    } catch (error) {
      options.signal?.throwIfAborted();
      // What this attempt sent does not count: TikTok holds the chunk only once it answered.
      if (told()) options.onProgress?.(c.start, plan.videoSize);
      const why = lostWhy(error);
      lost ??= { why, since: Date.now(), waits: 0 };
      await retry(why);
      continue;
    }
    if (status === 201 || status === 206) {
      firstReply(c.start);
      failures = 0;
      lost = undefined;
      options.onProgress?.(c.end + 1, plan.videoSize);
      index++;
      await options.onAck?.(status === 201 ? plan.totalChunkCount : index);
      if (status === 201) break;
      continue;
    }
    if (status === 416) {
      // The server holds a different amount than we thought: continue from where it is.
      const held = heldBytes(range) ?? 0;
      const first = !replied;
      firstReply(held);
      const resumeAt = plan.chunks.findIndex((chunk) => chunk.start === held);
      if (held >= plan.videoSize) {
        await options.onAck?.(plan.totalChunkCount);
        break;
      }
      if (resumeAt < 0) throw new NetworkError(`TikTok holds ${held} bytes, which is not a chunk boundary.`);
      if (lost && resumeAt > index) {
        // The chunk whose answer was lost did arrive: TikTok's count says so. Nothing went wrong.
        failures = 0;
        lost = undefined;
      } else if (lost && resumeAt === index) {
        // TikTok has not taken the chunk yet: it may still be busy with the slow request. That is
        // waited out (the request that timed out may yet land), for a while, not counted as a failure.
        if (Date.now() - lost.since > busyWaitMs)
          throw stopped(`${lost.why}, and TikTok had not taken it ${Math.round(busyWaitMs / 1000)} s later`);
        await pause(base, Math.min(++lost.waits, 5));
      } else if (!first || resumeAt === index) {
        // Asking where a resumed upload stands is expected to meet a 416: no wait for that one.
        await retry('TikTok and agoras disagreed on the upload offset');
      }
      index = resumeAt;
      await options.onAck?.(resumeAt);
      options.onProgress?.(held, plan.videoSize);
      continue;
    }
    if (status >= 500 || status === 429) {
      await retry(`TikTok answered HTTP ${status}`);
      continue;
    }
    if (status === 403 || status === 404)
      throw new UploadGone(status === 403 ? 'expired' : 'unknown', !replied);
    throw new RefusedError(`TikTok rejected chunk ${index + 1} of ${plan.totalChunkCount} (HTTP ${status}).`);
  }
}

/** How often progress is told while a chunk is sent. */
const REPORT_EVERY = 256 * 1024;

/** A chunk's body passed through as it is read, telling how many of its bytes have gone. */
async function* reporting(
  source: Buffer | Readable | AsyncIterable<Buffer>,
  onSent: (bytes: number) => void,
): AsyncIterable<Buffer> {
  const parts: Iterable<Buffer> | AsyncIterable<Buffer> = Buffer.isBuffer(source)
    ? slices(source, REPORT_EVERY)
    : (source as AsyncIterable<Buffer>);
  let sent = 0;
  let told = 0;
  for await (const part of parts) {
    yield part;
    sent += part.length;
    if (sent - told >= REPORT_EVERY) {
      told = sent;
      onSent(sent);
    }
  }
}

function* slices(buffer: Buffer, size: number): Iterable<Buffer> {
  for (let at = 0; at < buffer.length; at += size) yield buffer.subarray(at, at + size);
}

/** Why a chunk's request got no answer, in words. */
function lostWhy(error: unknown): string {
  const code = codeOf(error);
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT')
    return 'TikTok did not answer in time';
  return `the connection failed (${code})`;
}

function codeOf(error: unknown): string {
  return (error as { code?: string }).code ?? (error as Error).message ?? String(error);
}

/** Waits before attempt `n + 1`, with equal jitter: spread out, but always at least half, so a server still busy with a slow chunk gets time. */
async function pause(base: number, n: number): Promise<void> {
  const ceiling = base * 2 ** (n - 1);
  await new Promise((resolve) => setTimeout(resolve, ceiling / 2 + (Math.random() * ceiling) / 2));
}
