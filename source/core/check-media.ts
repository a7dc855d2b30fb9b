import {
  fileReader,
  formatFacts,
  type ImageFacts,
  inspectImage,
  inspectVideo,
  type MediaRefusal,
  type RangeReader,
  refusalLine,
  urlReader,
  type VideoFacts,
} from '../media/inspect/index.js';
import { openVideo } from '../media/open-video.js';
import { fileError, isUrl, localFileSize, type ResumeAt, type VideoSource } from '../media/video-source.js';
import { AgorasError, UsageError } from '../shared/errors.js';
import type { Http } from '../shared/http.js';
import { networkError } from '../shared/http-errors.js';
import type { Reporter } from '../shared/reporter.js';
import type { CreatorInfo } from '../tiktok/types.js';

/** What a media check found about a video or an image, and the line that says it. */
export interface MediaFacts {
  size?: number;
  durationSec?: number;
  contentType?: string;
  /** e.g. "H.264 · 1080×1920 · 30 fps · 0:15 · 3.7 MB", or "JPEG · 1080×1920 · 412.0 kB". */
  summary: string;
}

const VIDEO_TYPES = { MP4: 'video/mp4', MOV: 'video/quicktime', WebM: 'video/webm' } as const;
const IMAGE_TYPES = { JPEG: 'image/jpeg', WebP: 'image/webp' } as const;

function readerFor(input: string, http: Http): RangeReader {
  return isUrl(input) ? urlReader(input, { dispatcher: http.media }) : fileReader(input);
}

async function closing<T>(reader: RangeReader, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } finally {
    await reader.close().catch(() => {});
  }
}

/**
 * The one preflight, for the wizard's field and for publishing (a file, an upload from a URL or a
 * pull): what TikTok would fail only after the upload — container, codec, picture size, frame rate,
 * duration for this creator — is refused now, in one line naming the file and what TikTok needs.
 */
export async function preflightVideo(
  input: string,
  creator: CreatorInfo,
  http: Http,
  signal?: AbortSignal,
): Promise<VideoFacts> {
  const facts = await inspectInput(input, creator, http, signal);
  if (!facts.ok) throw new UsageError(refusalLine(input, facts));
  return facts;
}

/** A reader's failure in one line: a network error for a URL, the file's reason for a path. */
function readError(input: string, error: unknown): unknown {
  if (error instanceof AgorasError || (error as Error).name === 'AbortError') return error;
  if (isUrl(input)) return networkError(new URL(input).host, error);
  return (error as { code?: string }).code ? fileError(input, error) : error;
}

/** Inspects the video named `input`, from its own bytes or from `reader` (a spool of its download). */
async function inspectInput(
  input: string,
  creator: CreatorInfo,
  http: Http,
  signal?: AbortSignal,
  reader?: RangeReader,
): Promise<VideoFacts | MediaRefusal> {
  signal?.throwIfAborted();
  if (!reader && !isUrl(input)) await localFileSize(input); // missing, a directory, denied: one line each
  const from = reader ?? readerFor(input, http);
  return closing(from, () =>
    inspectVideo(from, { label: input, maxDurationSec: creator.max_video_post_duration_sec, signal }),
  ).catch((error: unknown) => {
    throw readError(input, error);
  });
}

/** The same for one photo of a slideshow (TikTok pulls photos from URLs). */
export async function preflightImage(url: string, http: Http, signal?: AbortSignal): Promise<ImageFacts> {
  signal?.throwIfAborted();
  const reader = readerFor(url, http);
  const facts = await closing(reader, () => inspectImage(reader, { label: url, signal })).catch(
    (error: unknown) => {
      throw readError(url, error);
    },
  );
  if (!facts.ok) throw new UsageError(refusalLine(url, facts));
  return facts;
}

/** The wizard's check of a video field: the facts, or the refusal as an error. */
export async function checkVideoInput(
  input: string,
  creator: CreatorInfo,
  http: Http,
  signal?: AbortSignal,
): Promise<MediaFacts> {
  const facts = await preflightVideo(input, creator, http, signal);
  return {
    size: facts.sizeBytes,
    durationSec: facts.durationSec,
    contentType: VIDEO_TYPES[facts.container],
    summary: formatFacts(facts),
  };
}

/** A video opened for upload after its preflight (the facts line goes to the reporter); the caller closes it. */
export async function openCheckedVideo(
  input: string,
  creator: CreatorInfo,
  http: Http,
  reporter: Reporter,
  signal?: AbortSignal,
  resumeAt?: ResumeAt,
): Promise<VideoSource> {
  const facts = await inspectInput(input, creator, http, signal);
  if (facts.ok || !facts.downloadFirst) {
    if (!facts.ok) throw new UsageError(refusalLine(input, facts));
    reporter.info(formatFacts(facts));
    return openVideo(input, http.media, signal, resumeAt);
  }
  // A URL that sends no length is spooled whole before anything is sent; its spool is judged exactly.
  const video = await openVideo(input, http.media, signal, resumeAt);
  try {
    if (!video.localPath) throw new UsageError(refusalLine(input, facts));
    const spooled = await inspectInput(input, creator, http, signal, fileReader(video.localPath));
    if (!spooled.ok) throw new UsageError(refusalLine(input, spooled));
    reporter.info(formatFacts(spooled));
    return video;
  } catch (error) {
    await video.close();
    throw error;
  }
}

/** A video TikTok will pull: the same preflight, by Range requests. */
export async function checkPullUrl(
  url: string,
  creator: CreatorInfo,
  http: Http,
  reporter: Reporter,
  signal?: AbortSignal,
): Promise<void> {
  reporter.info(formatFacts(await preflightVideo(url, creator, http, signal)));
}

/** The wizard's check of one image URL. */
export async function checkImageInput(url: string, http: Http, signal?: AbortSignal): Promise<MediaFacts> {
  const facts = await preflightImage(url, http, signal);
  return { size: facts.sizeBytes, contentType: IMAGE_TYPES[facts.format], summary: formatFacts(facts) };
}
