import { formatBytes } from './format.js';
import {
  type ImageFacts,
  type InspectOptions,
  LIMITS,
  type MediaRefusal,
  type RangeReader,
  RefusalError,
  refusal,
} from './types.js';

const NAMES: Record<string, string> = {
  jpg: 'JPEG',
  webp: 'WebP',
  png: 'PNG',
  gif: 'GIF',
  heic: 'HEIC (HEIF)',
  heif: 'HEIF',
  avif: 'AVIF',
  bmp: 'BMP',
  tiff: 'TIFF',
  svg: 'SVG',
  jxl: 'JPEG XL',
};
const FORMAT_FIX = 'convert it to JPEG or WebP';
/** A JPEG's size can sit after big EXIF/ICC/XMP segments: read more until found, this far. */
const MAX_HEADER_READ = 4 * 1024 * 1024;

type Sized = { width: number; height: number; type?: string; orientation?: number };

async function measure(reader: RangeReader, size: number, signal?: AbortSignal): Promise<Sized | undefined> {
  const { imageSize } = await import('image-size');
  for (let want = 64 * 1024; ; want *= 4) {
    const head = await reader.read(0, Math.min(size, want), signal);
    try {
      return imageSize(head);
    } catch (error) {
      // "unsupported file type": not an image at all; anything else: more bytes may help.
      if (/unsupported file type/i.test(String(error)) || head.length >= Math.min(size, MAX_HEADER_READ)) {
        return undefined;
      }
    }
  }
}

/**
 * What TikTok will check of this photo: JPEG or WebP by its bytes, at most 1080 px on the short side
 * and 1920 on the long one ("maximum 1080p"), at most 20 MB. Reads the header only.
 */
export async function inspectImage(
  reader: RangeReader,
  options: InspectOptions,
): Promise<ImageFacts | MediaRefusal> {
  const { signal } = options;
  try {
    const size = await reader.size(signal);
    if (size > LIMITS.maxPhotoBytes) {
      return refusal('image-size', formatBytes(size), 'photos of at most 20 MB', 'compress or resize it');
    }
    const got = size === 0 ? undefined : await measure(reader, size, signal);
    signal?.throwIfAborted();
    if (!got) return refusal('image-format', 'not an image', 'JPEG or WebP photos', FORMAT_FIX);
    const format = NAMES[got.type ?? ''] ?? String(got.type).toUpperCase();
    if (format !== 'JPEG' && format !== 'WebP') {
      return refusal('image-format', `${format} image`, 'JPEG or WebP photos', FORMAT_FIX);
    }
    // EXIF orientations 5–8 turn the picture a quarter.
    const turned = (got.orientation ?? 1) >= 5;
    const [width, height] = turned ? [got.height, got.width] : [got.width, got.height];
    const [short, long] = [Math.min(width, height), Math.max(width, height)];
    if (short > LIMITS.photoShortSide || long > LIMITS.photoLongSide) {
      return refusal(
        'image-dimensions',
        `${width}×${height}`,
        `photos of at most ${LIMITS.photoShortSide} px on the short side and ${LIMITS.photoLongSide} on the long side (1080p)`,
        `resize it to fit ${LIMITS.photoShortSide}×${LIMITS.photoLongSide}`,
      );
    }
    return { ok: true, kind: 'image', format, width, height, sizeBytes: size, bytesRead: reader.bytesRead };
  } catch (error) {
    if (error instanceof RefusalError) return error.refusal;
    throw error;
  }
}
