import { type FileHandle, open, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type ChunkBody, type ChunkPlan, planChunks } from '../shared/chunk-plan.js';
import { UsageError } from '../shared/errors.js';
import { LIMITS } from '../shared/post-job.js';
import { looksLikeUrl } from '../shared/url.js';
import { type Container, describeBytes, sniffVideo } from './media-probe.js';
import { edgeHash, type SourceIdentity } from './source-identity.js';

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
  /** Where the bytes are on this machine: the file itself, or the spool of a download. */
  localPath?: string;
  size: number;
  contentType: Container;
  plan: ChunkPlan;
  /** What the source is, to recognise it on a later run (resuming an upload). */
  identity: SourceIdentity;
  chunk(index: number): Promise<ChunkBody>;
  close(): Promise<void>;
}

/** How to open a source to resume an upload: the plan TikTok was given, and where to start. */
export interface ResumeAt {
  plan: ChunkPlan;
  /** Byte offset of the first chunk still to send (a chunk boundary). */
  offset: number;
  contentType: Container;
}

/** How much of a video's start is read to sniff its container and duration. */
export const HEAD_BYTES = 1024 * 1024;

/** True when the input is an http(s) URL rather than a local path. */
export function isUrl(input: string): boolean {
  return looksLikeUrl(input);
}

/** Opens a local file (or a spooled download, labelled with its URL) as a video source. */
export async function openFile(
  path: string,
  cleanup?: () => Promise<void>,
  label = path,
  resumeAt?: ResumeAt,
): Promise<VideoSource> {
  let size: number;
  let mtimeMs: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new UsageError(`${path} is a directory, not a video file.`);
    size = info.size;
    mtimeMs = info.mtimeMs;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw fileError(path, error);
  }
  checkSize(label, size);
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
    const contentType = sniffOrThrow(label, head);
    // Resuming the same file: the plan TikTok was given at init, not whatever today's rules would pick.
    const plan = resumeAt?.plan.videoSize === size ? resumeAt.plan : planChunks(size);
    const identity: SourceIdentity = {
      kind: 'file',
      path: resolve(path),
      size,
      mtimeMs,
      edgeHash: await edgeHash(handle, size),
    };
    const ring = [Buffer.allocUnsafe(READ_BUFFER), Buffer.allocUnsafe(READ_BUFFER)];
    return {
      label,
      localPath: path,
      size,
      contentType,
      plan,
      identity,
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

export function fileError(path: string, error: unknown): UsageError {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT')
    return new UsageError(`${path}: no such file.`, { hint: 'check the path or use an http(s) URL' });
  if (code === 'EACCES' || code === 'EPERM') return new UsageError(`${path}: permission denied.`);
  if (code === 'EISDIR') return new UsageError(`${path} is a directory, not a video file.`);
  return new UsageError(`${path}: cannot read (${code ?? String(error)}).`);
}

/** A local video file's size, or the one-line reason it cannot be read (missing, a directory, denied). */
export async function localFileSize(path: string): Promise<number> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new UsageError(`${path} is a directory, not a video file.`);
    return info.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw fileError(path, error);
  }
}

/** Refuses empty files and files over TikTok's 4 GB. */
export function checkSize(label: string, size: number): void {
  if (size === 0) throw new UsageError(`${label} is empty.`);
  if (size > LIMITS.maxVideoBytes) {
    throw new UsageError(
      `${label} is ${(size / 1024 ** 3).toFixed(2)} GiB; TikTok accepts videos up to 4 GB.`,
    );
  }
}

/** The container of a video head, or a UsageError naming what the bytes are instead. */
export function sniffOrThrow(label: string, head: Uint8Array): Container {
  const type = sniffVideo(head);
  if (!type) {
    throw new UsageError(`${label} is ${describeBytes(head)}, not an MP4, MOV or WebM video.`, {
      hint: 'TikTok accepts MP4, MOV and WebM',
    });
  }
  return type;
}
