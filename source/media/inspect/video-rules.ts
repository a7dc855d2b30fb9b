import { formatDuration } from './format.js';
import { LIMITS, type MediaRefusal, refusal, type VideoContainer } from './types.js';

/** What a container reader found, before TikTok's limits are applied. */
export interface Found {
  container: VideoContainer;
  codec: string;
  /** As shown, after rotation. */
  width: number;
  height: number;
  rotated: boolean;
  fps?: number;
  durationSec?: number;
}

export const NEED = {
  container: 'an MP4, MOV or WebM video',
  codecs: 'H.264, H.265, VP8 or VP9 video',
  sides: `${LIMITS.minSide} to ${LIMITS.maxSide} px on each side`,
  fps: `${LIMITS.minFps} to ${LIMITS.maxFps} fps`,
};

export const round3 = (n: number) => Math.round(n * 1000) / 1000;

/** TikTok's codec, picture size and frame rate rules, in that order. */
export function checkPicture(found: Found): MediaRefusal | undefined {
  if (!(LIMITS.codecs as readonly string[]).includes(found.codec)) {
    return refusal(
      'codec',
      `${found.codec} video`,
      NEED.codecs,
      're-encode it, e.g. ffmpeg -i IN -c:v libx264 -r 30 -c:a aac OUT.mp4',
    );
  }
  const inRange = (n: number) => n >= LIMITS.minSide && n <= LIMITS.maxSide;
  if (!inRange(found.width) || !inRange(found.height)) {
    const size = `${found.width}×${found.height}${found.rotated ? ' (as shown, rotated)' : ''}`;
    return refusal('dimensions', size, NEED.sides, 'scale it, e.g. to 1080×1920');
  }
  const fps = round3(found.fps ?? 0);
  if (!fps) return refusal('fps', 'no frame rate in the file', NEED.fps);
  if (fps < LIMITS.minFps || fps > LIMITS.maxFps)
    return refusal('fps', `${fps} fps`, NEED.fps, 're-encode it at 30 fps');
  return undefined;
}

/** The duration rule: the creator's maximum, never over the API's 10 minutes. */
export function checkDuration(
  durationSec: number | undefined,
  maxDurationSec?: number,
): MediaRefusal | undefined {
  if (durationSec === undefined || !(durationSec > 0)) {
    return refusal('duration', 'no duration in the file', 'a video whose length can be read');
  }
  const own = maxDurationSec !== undefined && maxDurationSec < LIMITS.apiMaxDurationSec;
  const limit = own ? maxDurationSec : LIMITS.apiMaxDurationSec;
  if (Math.round(durationSec * 1000) > limit * 1000) {
    const whose = own ? "this account's limit" : "the API's limit";
    return refusal(
      'duration',
      formatDuration(durationSec, true),
      `at most ${formatDuration(limit)} (${whose})`,
      'trim it',
    );
  }
  return undefined;
}
