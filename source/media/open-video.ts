import type { Dispatcher } from 'undici';
import { isUrl, openFile, type ResumeAt, type VideoSource } from './video-source.js';

/**
 * Opens a local file or an http(s) URL as a video source, checking size and container before anything
 * is sent. `resumeAt` (an upload to continue) keeps TikTok's chunk plan and, for a URL, downloads only
 * from the first chunk still missing.
 */
export async function openVideo(
  input: string,
  dispatcher: Dispatcher,
  signal?: AbortSignal,
  resumeAt?: ResumeAt,
): Promise<VideoSource> {
  if (!isUrl(input)) return openFile(input, undefined, input, resumeAt);
  const { openUrl } = await import('./url-video.js');
  return openUrl(input, dispatcher, signal, resumeAt);
}
