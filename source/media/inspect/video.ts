import type { GeneralTrack, MediaInfoResult, VideoTrack } from 'mediainfo.js';
import { formatBytes, formatDuration } from './format.js';
import { analyze } from './mediainfo.js';
import {
  LIMITS,
  type MediaRefusal,
  type RangeReader,
  RefusalError,
  refusal,
  type VideoContainer,
  type VideoFacts,
  type VideoInspectOptions,
} from './types.js';
import { webmDurationFromTail } from './webm-tail.js';

/** MediaInfoLib's format names → the names people know. */
const CODEC_NAMES: Record<string, string> = {
  AVC: 'H.264',
  HEVC: 'H.265',
  VP8: 'VP8',
  VP9: 'VP9',
  AV1: 'AV1',
  'MPEG-4 Visual': 'MPEG-4 Part 2',
  ProRes: 'ProRes',
  'MPEG Video': 'MPEG-1/2 Video',
  JPEG: 'Motion JPEG',
  'VC-1': 'VC-1',
};
/** ISO BMFF brands of still images and image sequences: HEIF, HEIC, AVIF. */
const STILL_BRANDS = new Set([
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
  'avio',
]);
const need = {
  container: 'an MP4, MOV or WebM video',
  truncated: 'the whole file',
  codecs: 'H.264, H.265, VP8 or VP9 video',
  sides: `${LIMITS.minSide} to ${LIMITS.maxSide} px on each side`,
  fps: `${LIMITS.minFps} to ${LIMITS.maxFps} fps`,
};
const EBML_HEAD_BYTES = 1024 * 1024;
const REENCODE = 're-encode it, e.g. ffmpeg -i IN -c:v libx264 -r 30 -c:a aac OUT.mp4';

function tracks(result: MediaInfoResult) {
  const all = result.media?.track ?? [];
  return {
    general: all.find((t): t is GeneralTrack => t['@type'] === 'General'),
    video: all.find((t): t is VideoTrack => t['@type'] === 'Video'),
    audio: all.some((t) => t['@type'] === 'Audio'),
  };
}

function container(general: GeneralTrack | undefined, hasTracks: boolean): VideoContainer | MediaRefusal {
  const format = general?.Format;
  if (format === 'MPEG-4') {
    const brand = String(general?.CodecID ?? '').trim();
    if (STILL_BRANDS.has(brand)) {
      return refusal('container', `still image, not a video (brand ${brand})`, need.container);
    }
    if (!hasTracks) {
      return refusal('truncated', 'truncated: no moov box (the index of the video)', need.truncated);
    }
    return brand === 'qt' || general?.Format_Profile === 'QuickTime' ? 'MOV' : 'MP4';
  }
  if (format === 'WebM') return 'WebM';
  if (format === 'Matroska') {
    return refusal(
      'container',
      'Matroska (DocType matroska, not webm)',
      need.container,
      'remux it to MP4 or WebM',
    );
  }
  if (format === 'heic' || format === 'avif') {
    return refusal('container', `${format === 'heic' ? 'HEIF' : 'AVIF'} still image`, need.container);
  }
  return refusal('container', format ? `${format} file` : 'not a video file', need.container);
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** Everything TikTok checks that MediaInfoLib's report answers; duration may still be missing. */
function factsOf(
  result: MediaInfoResult,
  size: number,
): (Omit<VideoFacts, 'durationSec' | 'bytesRead'> & { durationSec?: number }) | MediaRefusal {
  const { general, video, audio } = tracks(result);
  const kind = container(general, Boolean(video) || audio);
  if (typeof kind !== 'string') return kind;
  if (general?.extra?.IsTruncated === 'Yes') {
    return refusal(
      'truncated',
      `truncated: its media runs past the end of the file (${formatBytes(size)})`,
      need.truncated,
    );
  }
  if (!video)
    return refusal('no-video', audio ? 'audio only, no video track' : 'no video track', 'a video track');
  const codec = CODEC_NAMES[video.Format ?? ''] ?? video.Format ?? 'an unknown codec';
  if (!(LIMITS.codecs as readonly string[]).includes(codec)) {
    return refusal('codec', `${codec} video`, need.codecs, REENCODE);
  }
  const turned = Math.abs(Number(video.Rotation ?? 0)) % 180 === 90;
  const [w, h] = [video.Width ?? 0, video.Height ?? 0];
  const [width, height] = turned ? [h, w] : [w, h];
  const inRange = (n: number) => n >= LIMITS.minSide && n <= LIMITS.maxSide;
  if (!inRange(width) || !inRange(height)) {
    const found = `${width}×${height}${turned ? ' (as shown, rotated)' : ''}`;
    return refusal('dimensions', found, need.sides, 'scale it, e.g. to 1080×1920');
  }
  const seconds = general?.Duration ?? video.Duration;
  const counted = video.FrameCount && seconds ? video.FrameCount / seconds : undefined;
  const fps = round3(video.FrameRate ?? counted ?? 0);
  if (!fps) return refusal('fps', 'no frame rate in the file', need.fps);
  if (fps < LIMITS.minFps || fps > LIMITS.maxFps) {
    return refusal('fps', `${fps} fps`, need.fps, 're-encode it at 30 fps');
  }
  return {
    ok: true,
    kind: 'video',
    container: kind,
    codec,
    width,
    height,
    fps,
    durationSec: seconds,
    sizeBytes: size,
  };
}

/** The longest video allowed: the creator's maximum, never over the API's 10 minutes. */
function durationLimit(maxDurationSec: number | undefined): { limit: number; whose: string } {
  if (maxDurationSec !== undefined && maxDurationSec < LIMITS.apiMaxDurationSec) {
    return { limit: maxDurationSec, whose: "this account's limit" };
  }
  return { limit: LIMITS.apiMaxDurationSec, whose: "the API's limit" };
}

/**
 * What TikTok will check of this video, answered before anything is sent: facts, or why it would
 * fail. Reads only what the container index needs (for a URL: Range requests), never the media.
 */
export async function inspectVideo(
  reader: RangeReader,
  options: VideoInspectOptions,
): Promise<VideoFacts | MediaRefusal> {
  const { signal } = options;
  try {
    const size = await reader.size(signal);
    if (size === 0) return refusal('container', 'an empty file', need.container);
    if (size > LIMITS.maxVideoBytes) {
      return refusal('size', formatBytes(size), 'a video of at most 4 GB');
    }
    // MediaInfoLib reads a Matroska file's clusters on and on (megabytes, more with the bitrate)
    // for facts the header already has: it gets the head only, and finishes with what that holds.
    const magic = await reader.read(0, 4, signal);
    const ebml =
      magic.length === 4 && new DataView(magic.buffer, magic.byteOffset, 4).getUint32(0) === 0x1a45dfa3;
    const result = await analyze(size, (offset, length) =>
      ebml && offset >= EBML_HEAD_BYTES
        ? Promise.resolve(new Uint8Array(0))
        : reader.read(offset, length, signal),
    );
    signal?.throwIfAborted();
    const facts = factsOf(result, size);
    if (!facts.ok) return facts;
    let duration = facts.durationSec;
    if (duration === undefined && facts.container === 'WebM') {
      duration = await webmDurationFromTail(reader, size, 1 / facts.fps, signal);
    }
    if (duration === undefined || !(duration > 0)) {
      return refusal('duration', 'no duration in the file', 'a video whose length can be read');
    }
    duration = round3(duration);
    const { limit, whose } = durationLimit(options.maxDurationSec);
    if (Math.round(duration * 1000) > limit * 1000) {
      return refusal(
        'duration',
        formatDuration(duration, true),
        `at most ${formatDuration(limit)} (${whose})`,
        'trim it',
      );
    }
    return { ...facts, durationSec: duration, bytesRead: reader.bytesRead };
  } catch (error) {
    if (error instanceof RefusalError) return error.refusal;
    throw error;
  }
}
