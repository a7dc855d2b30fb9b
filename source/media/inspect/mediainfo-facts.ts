import type { GeneralTrack, MediaInfoResult, VideoTrack } from 'mediainfo.js';
import { formatBytes } from './format.js';
import { type MediaRefusal, refusal, STILL_BRANDS } from './types.js';
import { type Found, NEED } from './video-rules.js';

/** MediaInfoLib's format names → the names people know. */
export const CODEC_NAMES: Record<string, string> = {
  AVC: 'H.264',
  HEVC: 'H.265',
  VP8: 'VP8',
  VP9: 'VP9',
  AV1: 'AV1',
  'MPEG-4 Visual': 'MPEG-4 Part 2',
  ProRes: 'ProRes',
  'MPEG Video': 'MPEG-1/2 Video',
  JPEG: 'Motion JPEG',
};

/**
 * What MediaInfoLib's report says TikTok checks (WebM, and anything that is neither WebM nor MP4,
 * which it names for the refusal). Duration may be missing: a live WebM has none in its header.
 */
export function mediainfoFacts(result: MediaInfoResult, size: number): Found | MediaRefusal {
  const all = result.media?.track ?? [];
  const general = all.find((t): t is GeneralTrack => t['@type'] === 'General');
  const video = all.find((t): t is VideoTrack => t['@type'] === 'Video');
  const audio = all.some((t) => t['@type'] === 'Audio');
  const format = general?.Format;
  const brand = String(general?.CodecID ?? '').trim();
  let container: Found['container'];
  if (format === 'WebM') container = 'WebM';
  else if (format === 'MPEG-4' && !STILL_BRANDS.has(brand)) container = brand === 'qt' ? 'MOV' : 'MP4';
  else if (format === 'Matroska') {
    return refusal(
      'container',
      'Matroska (DocType matroska, not webm)',
      NEED.container,
      'remux it to MP4 or WebM',
    );
  } else if (format === 'heic' || format === 'avif' || STILL_BRANDS.has(brand)) {
    return refusal(
      'container',
      `${format === 'avif' || brand === 'avif' ? 'AVIF' : 'HEIF'} still image`,
      NEED.container,
    );
  } else {
    return refusal('container', format ? `${format} file` : 'not a video file', NEED.container);
  }
  if (general?.extra?.IsTruncated === 'Yes') {
    const why = `truncated: its media runs past the end of the file (${formatBytes(size)})`;
    return refusal('truncated', why, 'the whole file');
  }
  if (!video)
    return refusal('no-video', audio ? 'audio only, no video track' : 'no video track', 'a video track');
  const turned = Math.abs(Number(video.Rotation ?? 0)) % 180 === 90;
  const [w, h] = [video.Width ?? 0, video.Height ?? 0];
  const seconds = general?.Duration ?? video.Duration;
  const counted = video.FrameCount && seconds ? video.FrameCount / seconds : undefined;
  return {
    container,
    codec: CODEC_NAMES[video.Format ?? ''] ?? video.Format ?? 'an unknown codec',
    width: turned ? h : w,
    height: turned ? w : h,
    rotated: turned,
    fps: video.FrameRate ?? counted,
    durationSec: seconds,
  };
}
