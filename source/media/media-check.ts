import { type Dispatcher, request } from 'undici';
import { CancelledError, UsageError } from '../shared/errors.js';
import { networkError } from '../tiktok/errors.js';
import {
  type Container,
  describeBytes,
  durationFromMoov,
  type ImageType,
  sniffImage,
  sniffVideo,
} from './media-probe.js';
import { isUrl } from './video-source.js';

const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
const PROBE_BYTES = 1024 * 1024;

export interface UrlHead {
  head: Buffer;
  /** Total size from Content-Range or Content-Length, when the server says. */
  size?: number;
  contentType?: string;
}

/** Fetches the first bytes of a URL (a Range request; servers that ignore it are cut off early). */
export async function fetchHead(
  url: string,
  dispatcher: Dispatcher,
  bytes = PROBE_BYTES,
  signal?: AbortSignal,
): Promise<UrlHead> {
  if (!isUrl(url)) throw new UsageError(`${url} is not an http(s) URL.`);
  let res: Awaited<ReturnType<typeof request>>;
  try {
    res = await request(url, { dispatcher, signal, headers: { range: `bytes=0-${bytes - 1}` } });
  } catch (error) {
    if (signal?.aborted) throw new CancelledError();
    throw networkError(hostOf(url), error);
  }
  if (res.statusCode >= 400) {
    await res.body.dump();
    throw new UsageError(`${url} answered HTTP ${res.statusCode}.`, { hint: 'check that the URL is public' });
  }
  const parts: Buffer[] = [];
  let have = 0;
  for await (const part of res.body) {
    parts.push(part as Buffer);
    have += (part as Buffer).length;
    if (have >= bytes) break;
  }
  res.body.destroy();
  const range = /\/(\d+)$/.exec(String(res.headers['content-range'] ?? ''));
  const length = res.headers['content-length'];
  const size = range
    ? Number(range[1])
    : res.statusCode === 200 && length !== undefined
      ? Number(length)
      : undefined;
  return {
    head: Buffer.concat(parts).subarray(0, bytes),
    size,
    contentType: String(res.headers['content-type'] ?? ''),
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Checks that an image URL answers and is a JPEG, PNG or WebP of at most 20 MB. */
export async function checkImageUrl(
  url: string,
  dispatcher: Dispatcher,
  signal?: AbortSignal,
): Promise<{ type: ImageType; size?: number }> {
  const { head, size } = await fetchHead(url, dispatcher, 64 * 1024, signal);
  const type = sniffImage(head);
  if (!type) throw new UsageError(`${url} is ${describeBytes(head)}, not a JPEG, PNG or WebP image.`);
  if (size !== undefined && size > MAX_IMAGE_BYTES) {
    throw new UsageError(
      `${url} is ${(size / 1024 / 1024).toFixed(1)} MB; TikTok accepts images up to 20 MB.`,
    );
  }
  return { type, size };
}

/** Checks a video URL that TikTok will pull: it answers, is a video container, and is ≤ 4 GB. */
export async function checkVideoUrl(
  url: string,
  dispatcher: Dispatcher,
  signal?: AbortSignal,
): Promise<{ type: Container; size?: number; durationSec?: number }> {
  const { head, size } = await fetchHead(url, dispatcher, PROBE_BYTES, signal);
  const type = sniffVideo(head);
  if (!type) throw new UsageError(`${url} is ${describeBytes(head)}, not an MP4, MOV or WebM video.`);
  if (size !== undefined && size > 4 * 1024 ** 3) {
    throw new UsageError(`${url} is larger than TikTok's 4 GB limit.`);
  }
  return { type, size, durationSec: durationFromMoov(head) };
}
