import { checkImageUrl, checkVideoUrl } from '../media/media-check.js';
import { openVideo } from '../media/open-video.js';
import { isUrl, type VideoSource } from '../media/video-source.js';
import { UsageError } from '../shared/errors.js';
import type { Http } from '../tiktok/http.js';
import type { CreatorInfo } from '../tiktok/types.js';
import { durationProblem } from './rules.js';

/** What a media check found about a video or an image. */
export interface MediaFacts {
  size?: number;
  durationSec?: number;
  contentType?: string;
}

function checkDuration(durationSec: number | undefined, creator: CreatorInfo): void {
  const problem = durationProblem(durationSec, creator);
  if (problem) throw new UsageError(problem);
}

/**
 * The one video check, for the wizard's field and for publishing: a URL is probed without
 * downloading it (what TikTok pulls), a file is opened; both are checked against this creator.
 */
export async function checkVideoInput(
  input: string,
  creator: CreatorInfo,
  http: Http,
  signal?: AbortSignal,
): Promise<MediaFacts> {
  signal?.throwIfAborted();
  if (isUrl(input)) {
    const probe = await checkVideoUrl(input, http.media, signal);
    checkDuration(probe.durationSec, creator);
    return { size: probe.size, durationSec: probe.durationSec, contentType: probe.type };
  }
  const video = await openCheckedVideo(input, creator, http, signal);
  await video.close();
  return { size: video.size, durationSec: video.durationSec, contentType: video.contentType };
}

/** A video opened for upload, checked the same way; the caller closes it. */
export async function openCheckedVideo(
  input: string,
  creator: CreatorInfo,
  http: Http,
  signal?: AbortSignal,
): Promise<VideoSource> {
  signal?.throwIfAborted();
  const video = await openVideo(input, http.media, signal);
  try {
    checkDuration(video.durationSec, creator);
    signal?.throwIfAborted();
    return video;
  } catch (error) {
    await video.close();
    throw error;
  }
}

/** A video TikTok will pull: probed by URL, checked against this creator. */
export async function checkPullUrl(url: string, creator: CreatorInfo, http: Http, signal?: AbortSignal) {
  signal?.throwIfAborted();
  const probe = await checkVideoUrl(url, http.media, signal);
  checkDuration(probe.durationSec, creator);
  return probe;
}

/** An image TikTok will pull. */
export async function checkImageInput(url: string, http: Http, signal?: AbortSignal): Promise<MediaFacts> {
  signal?.throwIfAborted();
  const { type, size } = await checkImageUrl(url, http.media, signal);
  return { contentType: type, size };
}
