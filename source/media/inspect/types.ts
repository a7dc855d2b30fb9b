/**
 * What the media preflight says about a file or URL: the facts TikTok checks, or one refusal.
 * Limits are TikTok's documented ones (Content Posting API, Media Transfer Guide).
 */

/** Reads bytes of one file or URL by position. */
export interface RangeReader {
  /** Total size in bytes. */
  size(signal?: AbortSignal): Promise<number>;
  /** Bytes [offset, offset + length), fewer only at the end of the file. */
  read(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array>;
  /** Bytes actually fetched from the file or server so far, read-ahead included. */
  readonly bytesRead: number;
  close(): Promise<void>;
}

export type VideoContainer = 'MP4' | 'MOV' | 'WebM';

export interface VideoFacts {
  ok: true;
  kind: 'video';
  container: VideoContainer;
  /** Human name: "H.264", "H.265", "VP8", "VP9". */
  codec: string;
  /** As shown, after the rotation the file asks for (a 1920×1080 stream rotated 90° is 1080×1920). */
  width: number;
  height: number;
  /** Average over the video track. */
  fps: number;
  durationSec: number;
  sizeBytes: number;
  bytesRead: number;
}

export interface ImageFacts {
  ok: true;
  kind: 'image';
  format: 'JPEG' | 'WebP';
  /** As shown, after EXIF orientation. */
  width: number;
  height: number;
  sizeBytes: number;
  bytesRead: number;
}

export type RefusalRule =
  | 'container'
  | 'truncated'
  | 'no-video'
  | 'codec'
  | 'dimensions'
  | 'fps'
  | 'duration'
  | 'size'
  | 'image-format'
  | 'image-dimensions'
  | 'image-size'
  /** The bytes could not be read: an HTTP error, a redirect, a server without Range support. */
  | 'unreadable';

/** Why TikTok would fail this media, as data: `found` is what the file has, `need` what TikTok takes. */
export interface MediaRefusal {
  ok: false;
  rule: RefusalRule;
  found: string;
  need: string;
  /** What to do about it, when there is one thing to do. */
  fix?: string;
  /** The bytes can be judged only once downloaded (a server that sends no length): spool, then judge the file. */
  downloadFirst?: true;
}

export interface InspectOptions {
  /** The file or URL as the user gave it: refusals name it. */
  label: string;
  signal?: AbortSignal;
}

export interface VideoInspectOptions extends InspectOptions {
  /** The creator's max_video_post_duration_sec; never more than the API's 600 s is allowed. */
  maxDurationSec?: number;
}

/** TikTok's limits, one place. "MB"/"GB" in TikTok's guide are binary, like its chunk sizes. */
export const LIMITS = {
  codecs: ['H.264', 'H.265', 'VP8', 'VP9'],
  minSide: 360,
  maxSide: 4096,
  minFps: 23,
  maxFps: 60,
  /** "The longest video a developer can send ... is 10 minutes." */
  apiMaxDurationSec: 600,
  /** 4 GB in decimal units, as the upload's chunk rules read TikTok's sizes (tiktok/chunk-plan.ts). */
  maxVideoBytes: 4000 * 1000 * 1000,
  /** "Maximum 1080p": 1080 on the shorter side, 1920 on the longer. */
  photoShortSide: 1080,
  photoLongSide: 1920,
  maxPhotoBytes: 20 * 1024 ** 2,
} as const;

export function refusal(rule: RefusalRule, found: string, need: string, fix?: string): MediaRefusal {
  return fix === undefined ? { ok: false, rule, found, need } : { ok: false, rule, found, need, fix };
}

/** Thrown by readers and parsers to stop an inspection with a refusal; inspect* return it as data. */
export class RefusalError extends Error {
  constructor(readonly refusal: MediaRefusal) {
    super(`${refusal.found}; ${refusal.need}`);
  }
}

/** Major brands of still images and image sequences (HEIF, HEIC, AVIF): not videos. */
export const STILL_BRANDS = new Set([
  'heic',
  'heix',
  'heim',
  'heis',
  'hevc',
  'hevx',
  'mif1',
  'msf1',
  'avif',
  'avis',
]);
