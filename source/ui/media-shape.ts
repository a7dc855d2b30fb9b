import { normalizeMediaInput } from '../media/media-path.js';

/** What a post is made of: a video, or photos. */
export type PostKind = 'video' | 'photo';

import { isHttpUrl } from '../shared/url.js';

export { isHttpUrl };

// A path is anything that looks like one: absolute, relative, home, Windows drive, or a bare file name
// with an extension (spaces allowed: "my clip.mp4"). Whether it exists is for checkVideo to say.
const PATH_LIKE = /^(\/|\.{1,2}[\\/]|~[\\/]|[A-Za-z]:[\\/])|^[^\s:][^:]*\.[A-Za-z0-9]{2,5}$/;

/**
 * A quick, local look at what the user typed, before asking core to check it for real.
 * Returns a plain-words problem, or undefined when the shape is fine (or the field is empty).
 */
export function mediaShapeProblem(kind: PostKind, input: string): string | undefined {
  const text = kind === 'video' ? normalizeMediaInput(input) : input.trim();
  if (text === '') return undefined;
  if (kind === 'photo') {
    return isHttpUrl(text) ? undefined : 'TikTok pulls photos from the web: enter an http(s) URL.';
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    return isHttpUrl(text) ? undefined : 'Only http(s) URLs are supported.';
  }
  return PATH_LIKE.test(text) ? undefined : 'Enter an http(s) URL or a path to a video file.';
}
