import type { Dispatcher } from 'undici';
import { isUrl, openFile, type VideoSource } from './video-source.js';

/** Opens a local file or an http(s) URL as a video source, checking size and container before anything is sent. */
export async function openVideo(
  input: string,
  dispatcher: Dispatcher,
  signal?: AbortSignal,
): Promise<VideoSource> {
  if (!isUrl(input)) return openFile(input);
  const { openUrl } = await import('./url-video.js');
  return openUrl(input, dispatcher, signal);
}
