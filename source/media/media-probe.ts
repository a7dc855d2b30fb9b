/** What the first bytes of a file say it is. */
export type Container = 'video/mp4' | 'video/quicktime' | 'video/webm';
export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp';

const QUICKTIME_FIRST_ATOMS = new Set(['moov', 'mdat', 'wide', 'free', 'skip', 'pnot']);

/** Sniffs an MP4/MOV (ISO BMFF `ftyp`) or WebM (EBML) container from its head; undefined when neither. */
export function sniffVideo(head: Uint8Array): Container | undefined {
  if (head.length >= 12 && ascii(head, 4, 8) === 'ftyp') {
    return ascii(head, 8, 12) === 'qt  ' ? 'video/quicktime' : 'video/mp4';
  }
  // Classic QuickTime files have no ftyp: they open straight on a movie, data or padding atom.
  if (head.length >= 8 && QUICKTIME_FIRST_ATOMS.has(ascii(head, 4, 8))) return 'video/quicktime';
  if (head.length >= 4 && head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) {
    return 'video/webm';
  }
  return undefined;
}

/** Sniffs JPEG, PNG or WebP from an image's first bytes. */
export function sniffImage(head: Uint8Array): ImageType | undefined {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.length >= 8 && head[0] === 0x89 && ascii(head, 1, 4) === 'PNG') return 'image/png';
  if (head.length >= 12 && ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}

/** Names what a wrong file most likely is, for a clearer error ("an HTML page", "a PNG image"). */
export function describeBytes(head: Uint8Array): string {
  const image = sniffImage(head);
  if (image) return `a ${image.slice(6).toUpperCase()} image`;
  const text = ascii(head, 0, Math.min(head.length, 256)).toLowerCase();
  if (text.includes('<html') || text.includes('<!doctype')) return 'an HTML page';
  if (head.length === 0) return 'empty';
  return 'not a video';
}

function ascii(buf: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...buf.subarray(from, to));
}
