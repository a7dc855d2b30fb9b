/**
 * The first bytes of an upload, kept for the state snapshot (head_bytes) and quick looks. The
 * verdict on a received video is source/sandbox/media (the whole file, on the sandbox's own readers).
 */

/** How many leading bytes of a video the sandbox keeps in memory. */
export const HEAD_BYTES = 1024 * 1024;

/** The container a video head announces, or undefined when it is neither MP4/MOV nor WebM. */
export function detectContainer(head: Buffer): 'mp4' | 'webm' | undefined {
  // Classic QuickTime files have no ftyp: they open straight on a movie, data or padding atom.
  if (
    head.length >= 8 &&
    ['ftyp', 'moov', 'mdat', 'wide', 'free', 'skip', 'pnot'].includes(head.toString('latin1', 4, 8))
  ) {
    return 'mp4';
  }
  if (head.length >= 4 && head.readUInt32BE(0) === 0x1a45dfa3) return 'webm';
  return undefined;
}

/** Keep appending to a head buffer until it holds `limit` bytes. */
export function growHead(head: Buffer, part: Buffer, limit = HEAD_BYTES): Buffer {
  if (head.length >= limit) return head;
  return Buffer.concat([head, part.subarray(0, limit - head.length)]);
}
