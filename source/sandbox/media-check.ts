/** How many leading bytes of a video the sandbox keeps for its checks. */
export const HEAD_BYTES = 1024 * 1024;

/** The container a video head announces, or undefined when it is neither MP4/MOV nor WebM. */
export function detectContainer(head: Buffer): 'mp4' | 'webm' | undefined {
  if (head.length >= 8 && head.toString('latin1', 4, 8) === 'ftyp') return 'mp4';
  // Classic QuickTime files have no ftyp: they open straight on a movie, data or padding atom.
  if (
    head.length >= 8 &&
    ['moov', 'mdat', 'wide', 'free', 'skip', 'pnot'].includes(head.toString('latin1', 4, 8))
  ) {
    return 'mp4';
  }
  if (head.length >= 4 && head.readUInt32BE(0) === 0x1a45dfa3) return 'webm';
  return undefined;
}

/**
 * Duration in seconds from the `mvhd` box, when the head holds one (faststart files).
 * Walks the top-level boxes and `moov` rather than searching bytes, so media data cannot fool it.
 */
export function mp4DurationSec(head: Buffer): number | undefined {
  const moov = findBox(head, 0, head.length, 'moov');
  if (!moov) return undefined;
  const mvhd = findBox(head, moov.start, moov.end, 'mvhd');
  if (!mvhd) return undefined;
  const version = head[mvhd.start];
  if (version === 1) {
    if (mvhd.start + 32 > head.length) return undefined;
    const timescale = head.readUInt32BE(mvhd.start + 20);
    const duration = Number(head.readBigUInt64BE(mvhd.start + 24));
    return timescale ? duration / timescale : undefined;
  }
  if (mvhd.start + 20 > head.length) return undefined;
  const timescale = head.readUInt32BE(mvhd.start + 12);
  const duration = head.readUInt32BE(mvhd.start + 16);
  return timescale ? duration / timescale : undefined;
}

/** Find a box by type between start and end; returns the range of its payload. */
function findBox(
  buf: Buffer,
  start: number,
  end: number,
  type: string,
): { start: number; end: number } | undefined {
  let at = start;
  while (at + 8 <= end) {
    let size = buf.readUInt32BE(at);
    let header = 8;
    if (size === 1) {
      if (at + 16 > buf.length) return undefined;
      size = Number(buf.readBigUInt64BE(at + 8));
      header = 16;
    } else if (size === 0) {
      size = end - at;
    }
    if (size < header) return undefined;
    if (buf.toString('latin1', at + 4, at + 8) === type) {
      return { start: at + header, end: Math.min(at + size, buf.length) };
    }
    at += size;
  }
  return undefined;
}

/** The image format its magic bytes announce, or undefined when it is not JPEG, PNG or WebP. */
export function detectImage(head: Buffer): 'jpeg' | 'png' | 'webp' | undefined {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.length >= 8 && head.readUInt32BE(0) === 0x89504e47 && head.readUInt32BE(4) === 0x0d0a1a0a)
    return 'png';
  if (
    head.length >= 12 &&
    head.toString('latin1', 0, 4) === 'RIFF' &&
    head.toString('latin1', 8, 12) === 'WEBP'
  ) {
    return 'webp';
  }
  return undefined;
}

/** Keep appending to a head buffer until it holds `limit` bytes. */
export function growHead(head: Buffer, part: Buffer, limit = HEAD_BYTES): Buffer {
  if (head.length >= limit) return head;
  return Buffer.concat([head, part.subarray(0, limit - head.length)]);
}
