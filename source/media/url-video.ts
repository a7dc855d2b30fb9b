import { createWriteStream, rmSync } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Dispatcher, request } from 'undici';
import { longestChunk, planEvenChunks } from '../shared/chunk-plan.js';
import { onInterrupt } from '../shared/cleanup.js';
import { DownloadWatch, watched } from '../shared/download-watch.js';
import { AgorasError, CancelledError, ExitCode, NetworkError, UsageError } from '../shared/errors.js';
import { networkError } from '../shared/http-errors.js';
import { LIMITS } from '../shared/post-job.js';
import { BodyReader } from './body-reader.js';
import { EDGE_BYTES, headHash, type SourceIdentity, validators } from './source-identity.js';
import { SPOOL_PREFIX, sweepStaleSpools } from './spool-sweep.js';
import {
  checkSize,
  HEAD_BYTES,
  openFile,
  type ResumeAt,
  sniffOrThrow,
  type VideoSource,
} from './video-source.js';

type Response = Awaited<ReturnType<typeof request>>;

/** By URL, chunks of about 8 MiB: the two buffers that hold them are most of what a download costs. */
const URL_CHUNK = 8 * 1024 * 1024;

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

/** Where a response starts in the resource and the resource's total size (undefined: not said). */
function extent(res: Response): { start: number; size?: number } {
  const range = /^bytes (\d+)-\d+\/(\d+)$/.exec(String(res.headers['content-range'] ?? '').trim());
  if (res.statusCode === 206 && range) return { start: Number(range[1]), size: Number(range[2]) };
  const length = res.headers['content-length'];
  const size = res.statusCode === 200 && length !== undefined ? Number(length) : Number.NaN;
  return { start: 0, size: Number.isFinite(size) ? size : undefined };
}

/**
 * Opens an http(s) video: one GET read into two reused chunk buffers, the next chunk downloading
 * while this one uploads. Resuming, the GET asks for the bytes from `resumeAt.offset` on.
 */
export async function openUrl(
  url: string,
  dispatcher: Dispatcher,
  signal?: AbortSignal,
  resumeAt?: ResumeAt,
  watch?: DownloadWatch,
): Promise<VideoSource> {
  const offset = resumeAt?.offset ?? 0;
  // One deadline and minimum rate for the whole download, across every request it takes.
  watch ??= new DownloadWatch(`The video at ${new URL(url).host}`);
  const res = await get(url, dispatcher, offset > 0 ? { range: `bytes=${offset}-` } : {}, signal);
  if (res.statusCode >= 400) {
    await res.body.dump();
    throw new UsageError(`${url} answered HTTP ${res.statusCode}.`, {
      hint: 'check that the video URL is public',
    });
  }
  try {
    const { start, size } = extent(res);
    if (size === undefined) {
      if (start > 0 || res.statusCode !== 200) {
        res.body.destroy();
        return openUrl(url, dispatcher, signal, undefined, watch); // a range without a total: read it all, from the start
      }
      return await spool(url, res, signal, watch, resumeAt);
    }
    return await streamUrl(url, res, { start, size }, { dispatcher, signal, watch }, resumeAt);
  } catch (error) {
    // Whatever failed, the response must not stay open: a paused body keeps the process alive.
    res.body.destroy();
    throw error;
  }
}

/** Errors of the file system a spool is written to (never of the network). */
const DISK_ERRORS = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', 'EIO', 'EFBIG', 'ENAMETOOLONG']);

function isDiskError(error: unknown): boolean {
  return DISK_ERRORS.has((error as { code?: string })?.code ?? '');
}

/** The spool could not be written: exit 1 (like a config directory that cannot be written). */
function spoolError(error: unknown): AgorasError {
  const code = (error as { code?: string })?.code ?? 'error';
  return new AgorasError(
    `Could not keep the download in ${tmpdir()} (${code}); nothing was sent.`,
    ExitCode.unexpected,
    { hint: 'free some space, or set TMPDIR to a directory with room', cause: error },
  );
}

/** Spools a response without a length to a private temp file (TikTok needs the size up front). */
async function spool(
  url: string,
  res: Response,
  signal: AbortSignal | undefined,
  watch: DownloadWatch,
  resumeAt?: ResumeAt,
): Promise<VideoSource> {
  sweepStaleSpools();
  const dir = await mkdtemp(join(tmpdir(), `${SPOOL_PREFIX}${process.pid}-`)).catch((error: unknown) => {
    throw spoolError(error);
  });
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
    await pipeline(watched(res.body, watch), capped, createWriteStream(file, { mode: 0o600 }), {
      signal,
    }).catch((error) => {
      if (signal?.aborted) throw new CancelledError();
      if (error instanceof AgorasError) throw error;
      // A full or read-only TMPDIR is this machine's problem, not the server's.
      throw isDiskError(error) ? spoolError(error) : networkError(new URL(url).host, error);
    });
    const source = await openFile(file, removeDir, url, resumeAt);
    const head = Buffer.alloc(Math.min(EDGE_BYTES, source.size));
    const handle = await open(file, 'r');
    await handle.read(head, 0, head.length, 0).finally(() => handle.close());
    source.identity = {
      kind: 'url',
      url,
      size: source.size,
      ...validators(res.headers),
      headHash: headHash(head),
    };
    return source;
  } catch (error) {
    await removeDir();
    throw error;
  }
}

async function streamUrl(
  url: string,
  res: Response,
  { start, size }: { start: number; size: number },
  {
    dispatcher,
    signal,
    watch,
  }: { dispatcher: Dispatcher; signal: AbortSignal | undefined; watch: DownloadWatch },
  resumeAt: ResumeAt | undefined,
): Promise<VideoSource> {
  checkSize(url, size);
  // Chunks of equal length, so each of the two buffers is one chunk long (plus a few bytes).
  const plan = resumeAt?.plan.videoSize === size ? resumeAt.plan : planEvenChunks(size, URL_CHUNK);
  const length = (i: number) => plan.chunks[i]!.end - plan.chunks[i]!.start + 1;
  const ring = [Buffer.allocUnsafeSlow(longestChunk(plan)), Buffer.allocUnsafeSlow(longestChunk(plan))];
  let reader = new BodyReader(res.body as Readable, start, watch);
  const identity: SourceIdentity = { kind: 'url', url, size, ...validators(res.headers) };
  /** Chunks read (or being read) ahead, each in its own buffer; at most one per buffer. */
  const ahead = new Map<number, { buf: Buffer; data: Promise<Buffer> }>();
  let current: { index: number; buf: Buffer; data: Buffer } | undefined;
  /** Set once a Range request was answered with the whole file: seeking forward then reads past bytes. */
  let ignoresRange = false;

  const read = (index: number, buf: Buffer) => {
    const data = reader.fill(buf, length(index)).catch((error) => {
      throw signal?.aborted ? new CancelledError() : downloadError(url, error);
    });
    data.catch(() => {}); // surfaced when awaited
    ahead.set(index, { buf, data });
  };
  /** Moves the download to `offset`: reads past a short gap, else a new GET from there. */
  const seek = async (offset: number) => {
    for (const { data } of ahead.values()) await data.catch(() => {});
    ahead.clear();
    if (reader.position <= offset && (ignoresRange || offset - reader.position <= plan.chunkSize)) {
      await reader.skip(offset - reader.position).catch((error) => {
        throw downloadError(url, error);
      });
      return;
    }
    reader.destroy();
    const r = await get(url, dispatcher, { range: `bytes=${offset}-` }, signal);
    const at = extent(r);
    if (r.statusCode >= 300 || at.size !== size) {
      r.body.destroy();
      throw new NetworkError(`${url} changed or stopped answering while uploading (HTTP ${r.statusCode}).`);
    }
    reader = new BodyReader(r.body as Readable, at.start, watch);
    if (at.start < offset) ignoresRange = true;
    // A server that ignores Range sends the whole file again: read past what is not needed.
    await reader.skip(offset - at.start).catch((error) => {
      throw downloadError(url, error);
    });
  };

  let contentType = resumeAt?.contentType;
  const resumed = plan.chunks.findIndex((c) => c.start === resumeAt?.offset);
  const first = Math.max(resumed, 0);
  if (start === 0) {
    if (resumeAt && resumeAt.offset > 0) ignoresRange = true;
    // The first chunk arrives before anything is sent: a wrong file fails before TikTok is asked.
    read(0, ring[0]!);
    const head = (await ahead.get(0)!.data).subarray(0, HEAD_BYTES);
    contentType = sniffOrThrow(url, head);
    identity.headHash = headHash(head);
    if (first > 0) await seek(plan.chunks[first]!.start);
  } else {
    if (start !== plan.chunks[first]!.start) await seek(plan.chunks[first]!.start);
    // No validator to compare: the first MiB tells whether it is still the same video.
    if (!identity.etag && !identity.lastModified)
      identity.headHash = headHash(await firstBytes(url, dispatcher, watch, signal));
  }
  if (!ahead.has(first)) read(first, ring[0]!);
  if (first + 1 < plan.totalChunkCount) read(first + 1, ring[1]!);

  return {
    label: url,
    size,
    contentType: contentType!,
    plan,
    identity,
    async chunk(index) {
      if (current?.index !== index) {
        let next = ahead.get(index);
        if (!next) {
          // Out of sequence (TikTok holds more or less than we thought): fetch from that chunk on.
          await seek(plan.chunks[index]!.start);
          read(index, ring[0]!);
          next = ahead.get(index)!;
        }
        ahead.delete(index);
        current = { index, buf: next.buf, data: await next.data };
        // The other buffer is free again (its chunk was accepted): download the next chunk into it.
        const other = ring[0] === current.buf ? ring[1]! : ring[0]!;
        if (
          index + 1 < plan.totalChunkCount &&
          !ahead.has(index + 1) &&
          reader.position === plan.chunks[index + 1]!.start
        )
          read(index + 1, other);
      }
      const data = current.data;
      // The buffer itself is sent: no copy of the chunk is made, and it is not reused before TikTok accepted it.
      return { length: data.length, open: () => data };
    },
    async close() {
      ahead.clear();
      reader.destroy();
    },
  };
}

/** The first MiB of a URL, by a Range request (a server that ignores it is cut off there). */
async function firstBytes(
  url: string,
  dispatcher: Dispatcher,
  watch: DownloadWatch,
  signal?: AbortSignal,
): Promise<Buffer> {
  const r = await get(url, dispatcher, { range: `bytes=0-${EDGE_BYTES - 1}` }, signal);
  try {
    if (r.statusCode >= 300)
      throw new NetworkError(`${url} answered HTTP ${r.statusCode} for its first bytes.`);
    const length = Math.min(EDGE_BYTES, Number(r.headers['content-length'] ?? EDGE_BYTES));
    return await new BodyReader(r.body as Readable, 0, watch).fill(Buffer.allocUnsafe(length), length);
  } catch (error) {
    throw downloadError(url, error);
  } finally {
    r.body.destroy();
  }
}

function downloadError(url: string, error: unknown): AgorasError {
  if (error instanceof AgorasError) return error;
  return networkError(new URL(url).host, error);
}
