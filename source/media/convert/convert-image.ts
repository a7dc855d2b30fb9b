import { rename, rm, stat, writeFile } from 'node:fs/promises';
import { LIMITS } from '../inspect/types.js';
import { convertedPath, isCached } from './cache.js';
import type { NotFixable } from './video-plan.js';

/** One conversion that makes a photo TikTok takes. */
export interface ImageFix {
  fixable: true;
  /** "PNG → JPEG", "2400×3200 → 1080×1440", "EXIF orientation applied", "recompressed (23.1 MB)". */
  changes: string[];
  /** "JPEG · 1080×1440". */
  result: string;
  format: 'jpeg' | 'webp';
  width: number;
  height: number;
}

type Sharp = typeof import('sharp').default;
let loaded: Promise<Sharp> | undefined;

/** sharp (libvips) loads on first use only: start-up and the wizard's first frame never pay for it. */
async function sharp(): Promise<Sharp> {
  loaded ??= import('sharp').then((m) => {
    const lib = m.default;
    // No cache across calls: one photo at a time, memory returned as soon as it is written.
    lib.cache(false);
    return lib;
  });
  return loaded;
}

const NAMES: Record<string, string> = {
  jpeg: 'JPEG',
  webp: 'WebP',
  png: 'PNG',
  gif: 'GIF',
  tiff: 'TIFF',

  avif: 'AVIF',
  svg: 'SVG',
  jp2: 'JPEG 2000',
  jxl: 'JPEG XL',
};

/** The box TikTok's "maximum 1080p" allows for this shape. */
function box(width: number, height: number): [number, number] {
  return width > height
    ? [LIMITS.photoLongSide, LIMITS.photoShortSide]
    : [LIMITS.photoShortSide, LIMITS.photoLongSide];
}

/** What converting a local photo would do; nothing is written. */
export async function planLocalImage(path: string): Promise<ImageFix | NotFixable> {
  const lib = await sharp();
  let meta: Awaited<ReturnType<ReturnType<Sharp>['metadata']>>;
  try {
    meta = await lib(path).metadata();
  } catch (error) {
    return {
      fixable: false,
      why: `it cannot be read as an image (${String((error as Error).message).split('\n')[0]})`,
    };
  }
  const size = (await stat(path)).size;
  const heif = meta.format === 'heif' ? (meta.compression === 'av1' ? 'AVIF' : 'HEIC') : undefined;
  const format = heif ?? NAMES[meta.format ?? ''] ?? String(meta.format).toUpperCase();
  const turned = (meta.orientation ?? 1) >= 5;
  const [w, h] = turned ? [meta.height ?? 0, meta.width ?? 0] : [meta.width ?? 0, meta.height ?? 0];
  const [bw, bh] = box(w, h);
  const scale = Math.min(1, bw / w, bh / h);
  const [tw, th] = [Math.max(1, Math.round(w * scale)), Math.max(1, Math.round(h * scale))];
  const out: 'jpeg' | 'webp' = meta.format === 'webp' ? 'webp' : 'jpeg';
  const changes: string[] = [];
  if (meta.format !== 'jpeg' && meta.format !== 'webp') changes.push(`${format} → JPEG`);
  if ((meta.pages ?? 1) > 1) changes.push(`first frame of ${meta.pages}`);
  if (scale < 1) changes.push(`${w}×${h} → ${tw}×${th}`);
  if ((meta.orientation ?? 1) > 1) changes.push('EXIF orientation applied');
  if (size > LIMITS.maxPhotoBytes) changes.push('recompressed (over 20 MB)');
  if (meta.format === 'heif' && meta.compression === 'hevc')
    return {
      fixable: false,
      why: 'HEIC (HEVC) photos cannot be decoded by the prebuilt image library; export it as JPEG (on an iPhone: Settings › Camera › Formats › Most Compatible)',
    };
  return {
    fixable: true,
    changes,
    result: `${out === 'jpeg' ? 'JPEG' : 'WebP'} · ${tw}×${th}`,
    format: out,
    width: tw,
    height: th,
  };
}

/**
 * Converts a photo into the cache (the original untouched): EXIF orientation applied, fitted
 * within 1080×1920 (or 1920×1080) with its aspect ratio, as JPEG (a WebP stays WebP), at a lower
 * quality step by step while it is over TikTok's 20 MB. A conversion already made is reused.
 */
export async function convertImage(
  path: string,
  plan: ImageFix,
  options: { signal?: AbortSignal; env?: NodeJS.ProcessEnv } = {},
): Promise<{ output: string; cached: boolean }> {
  const output = await convertedPath(
    path,
    { image: plan.format, w: plan.width, h: plan.height },
    plan.format === 'jpeg' ? 'jpg' : 'webp',
    options.env,
  );
  if (await isCached(output)) return { output, cached: true };
  const lib = await sharp();
  const partial = `${output}.partial`;
  try {
    for (const quality of [90, 80, 70, 60, 50]) {
      options.signal?.throwIfAborted();
      const pipeline = lib(path, { failOn: 'none' })
        .rotate()
        .resize({ width: plan.width, height: plan.height, fit: 'inside', withoutEnlargement: true });
      const bytes = await (plan.format === 'jpeg'
        ? pipeline.flatten({ background: '#ffffff' }).jpeg({ quality, mozjpeg: true })
        : pipeline.webp({ quality })
      ).toBuffer();
      if (bytes.length <= LIMITS.maxPhotoBytes || quality === 50) {
        options.signal?.throwIfAborted();
        await writeFile(partial, bytes, { mode: 0o600 });
        await rename(partial, output);
        return { output, cached: false };
      }
    }
    throw new Error('unreachable');
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}
