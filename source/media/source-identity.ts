import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { formatBytes } from '../shared/format.js';
import type { SourceIdentity } from '../shared/source-identity.js';

/** How much of each end of a file is hashed to tell an edited file from the one uploaded before. */
export const EDGE_BYTES = 1024 * 1024;

export type { SourceIdentity };

/** SHA-256 (hex) of the first and last EDGE_BYTES of an open file (all of it when under 2 MiB). */
export async function edgeHash(handle: FileHandle, size: number): Promise<string> {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(Math.min(EDGE_BYTES, size));
  const ranges: [number, number][] =
    size <= 2 * EDGE_BYTES
      ? [[0, size]]
      : [
          [0, EDGE_BYTES],
          [size - EDGE_BYTES, size],
        ];
  for (const [from, to] of ranges) {
    for (let at = from; at < to; ) {
      const { bytesRead } = await handle.read(buf, 0, Math.min(buf.length, to - at), at);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      at += bytesRead;
    }
  }
  return hash.digest('hex');
}

/** SHA-256 (hex) of the first EDGE_BYTES of some bytes. */
export function headHash(bytes: Uint8Array): string {
  return createHash('sha256')
    .update(bytes.subarray(0, Math.min(EDGE_BYTES, bytes.length)))
    .digest('hex');
}

/** The validators of an HTTP response that name a version of the resource. */
export function validators(headers: Record<string, string | string[] | undefined>): {
  etag?: string;
  lastModified?: string;
} {
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;
  const etag = one(headers.etag);
  const lastModified = one(headers['last-modified']);
  return { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
}

/** Why `now` is not the source recorded as `before`, in words for one line; undefined when it is the same. */
export function sourceChange(before: SourceIdentity, now: SourceIdentity): string | undefined {
  if (before.kind !== now.kind) return 'the video source changed';
  if (before.size !== now.size)
    return `the video changed size (${formatBytes(before.size)} then, ${formatBytes(now.size)} now)`;
  if (before.kind === 'file' && now.kind === 'file') {
    if (before.mtimeMs !== now.mtimeMs) return 'the file was modified';
    if (before.edgeHash !== now.edgeHash) return 'the file’s content changed';
    return undefined;
  }
  if (before.kind === 'url' && now.kind === 'url') {
    if (before.etag && now.etag && before.etag !== now.etag) return 'the server’s ETag changed';
    if (before.lastModified && now.lastModified && before.lastModified !== now.lastModified)
      return 'the server’s Last-Modified date changed';
    if ((before.etag || before.lastModified) && !now.etag && !now.lastModified)
      return 'the server no longer says which version it serves';
    if (before.headHash && now.headHash && before.headHash !== now.headHash)
      return 'the video’s first bytes changed';
  }
  return undefined;
}
