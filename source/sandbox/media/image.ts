/**
 * The sandbox's own photo check, from the bytes: JPEG and WebP only, "maximum 1080p" (at most 1080 px
 * on the short side and 1920 on the long side), the way TikTok fails a photo post after the pull.
 */

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'heif' | 'bmp';

export interface ImageVerdict {
  /** undefined when the bytes are no image at all (an HTML error page): the pull itself failed. */
  format?: ImageFormat;
  width?: number;
  height?: number;
  fail_reason?: 'file_format_check_failed' | 'picture_size_check_failed';
}

export function imageFormat(b: Buffer): ImageFormat | undefined {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b.readUInt32BE(0) === 0x89504e47 && b.readUInt32BE(4) === 0x0d0a1a0a) return 'png';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') {
    return 'webp';
  }
  if (b.length >= 6 && /^GIF8[79]a$/.test(b.toString('latin1', 0, 6))) return 'gif';
  if (b.length >= 12 && b.toString('latin1', 4, 8) === 'ftyp') return 'heif';
  if (b.length >= 2 && b.toString('latin1', 0, 2) === 'BM') return 'bmp';
  return undefined;
}

/** Width and height from a JPEG's first SOFn segment. */
function jpegSize(b: Buffer): [number, number] | undefined {
  let at = 2;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return undefined;
    const marker = b[at + 1]!;
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2;
      continue;
    }
    const length = b.readUInt16BE(at + 2);
    const sof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (sof && at + 9 <= b.length) return [b.readUInt16BE(at + 7), b.readUInt16BE(at + 5)];
    at += 2 + length;
  }
  return undefined;
}

/** Width and height from a WebP's VP8, VP8L or VP8X chunk. */
function webpSize(b: Buffer): [number, number] | undefined {
  const chunk = b.toString('latin1', 12, 16);
  if (chunk === 'VP8X' && b.length >= 30) return [b.readUIntLE(24, 3) + 1, b.readUIntLE(27, 3) + 1];
  if (chunk === 'VP8L' && b.length >= 25) {
    const bits = b.readUInt32LE(21);
    return [(bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1];
  }
  if (chunk === 'VP8 ' && b.length >= 30) return [b.readUInt16LE(26) & 0x3fff, b.readUInt16LE(28) & 0x3fff];
  return undefined;
}

export function judgeImage(head: Buffer): ImageVerdict {
  const format = imageFormat(head);
  if (!format) return {};
  if (format !== 'jpeg' && format !== 'webp') return { format, fail_reason: 'file_format_check_failed' };
  const size = format === 'jpeg' ? jpegSize(head) : webpSize(head);
  if (!size) return { format, fail_reason: 'file_format_check_failed' };
  const [width, height] = size;
  const ok = Math.min(width, height) <= 1080 && Math.max(width, height) <= 1920;
  return { format, width, height, ...(ok ? {} : { fail_reason: 'picture_size_check_failed' as const }) };
}
