import { formatDuration } from '../inspect/format.js';
import { LIMITS } from '../inspect/types.js';
import type { VideoProbe } from './video-probe.js';

/** One conversion that makes a video TikTok takes: what changes, and the ffmpeg arguments that do it. */
export interface VideoFix {
  fixable: true;
  /** Each change in words: "AV1 → H.264", "120 fps → 60 fps", "cut to 10:00 (of 12:31)". */
  changes: string[];
  /** What the result will be: "H.264 · 1080×1920 · 30 fps", for the offer and the Review. */
  result: string;
  /** Only the container changes: the streams are copied, nothing is re-encoded. */
  remux: boolean;
  /** ffmpeg's arguments between the input and the output. */
  args: string[];
  ext: 'mp4' | 'webm';
  /** Seconds of media in the output (progress runs against it). */
  durationSec: number;
}

export interface NotFixable {
  fixable: false;
  why: string;
  /** Too long, and cutting it was not asked for: it can be fixed by cutting (say how much). */
  trim?: { toSec: number };
}

export interface PlanOptions {
  /** This creator's limit (creator_info's max_video_post_duration_sec), never over the API's 600 s. */
  maxDurationSec?: number;
  /** Cut a video that is too long to the limit (asked for explicitly, never by default). */
  trimToMax?: boolean;
  /**
   * The preflight found it too long. It reads durations MediaInfoLib may miss (a fragmented MP4's
   * fragments, a live WebM's last cluster), so its verdict wins over the probe's.
   */
  tooLong?: boolean;
}

const COPYABLE_AUDIO = { mp4: new Set(['AAC', 'MPEG Audio']), webm: new Set(['Opus', 'Vorbis']) };
const even = (n: number) => Math.max(2, 2 * Math.round(n / 2));
const evenDown = (n: number) => Math.max(2, 2 * Math.floor(n / 2));

/**
 * The picture size TikTok takes (360–4096 px a side, as shown), reached by scaling with the aspect
 * ratio kept; a shape too thin for both limits is scaled to the long limit and padded.
 */
function fitSides(width: number, height: number): { width: number; height: number; pad: boolean } {
  const [long, short] = [Math.max(width, height), Math.min(width, height)];
  let f = 1;
  if (long > LIMITS.maxSide) f = LIMITS.maxSide / long;
  if (short * f < LIMITS.minSide) f = LIMITS.minSide / short;
  let pad = false;
  if (long * f > LIMITS.maxSide) {
    f = LIMITS.maxSide / long;
    pad = true;
  }
  const within = (n: number) => Math.min(LIMITS.maxSide, Math.max(LIMITS.minSide, even(n * f)));
  const w = within(width);
  const h = within(height);
  return { width: w, height: h, pad: pad || even(width * f) !== w || even(height * f) !== h };
}

function targetFps(fps: number | undefined): number | undefined {
  if (!fps) return 30;
  if (fps > LIMITS.maxFps) return 60;
  if (fps < LIMITS.minFps) return 30;
  return undefined;
}

/**
 * What to do with a local video the preflight refused: remux it (container only), re-encode it
 * (codec, frame rate, picture size; rotation is applied on the way), and cut it only when asked.
 * A truncated file, a file without video, or a still image has no conversion: the reason says so.
 */
export function planVideoFix(probe: VideoProbe, options: PlanOptions = {}): VideoFix | NotFixable {
  const no = (why: string): NotFixable => ({ fixable: false, why });
  if (probe.truncated)
    return no(
      'the file is truncated (its media runs past its end); no conversion brings back what is missing',
    );
  if (probe.still) return no('it is a still image, not a video; post it as a photo');
  const v = probe.video;
  if (!v) return no(probe.audio ? 'it has no video track, only audio' : 'it is not a video file');
  if (!(v.width > 0 && v.height > 0)) return no('its picture size cannot be read');
  const limit = Math.min(options.maxDurationSec ?? LIMITS.apiMaxDurationSec, LIMITS.apiMaxDurationSec);
  const duration = probe.durationSec;
  const tooLong = options.tooLong || (duration !== undefined && Math.round(duration * 1000) > limit * 1000);
  const length = duration && duration > limit ? formatDuration(duration, true) : 'longer';
  if (tooLong && !options.trimToMax)
    return {
      fixable: false,
      why: `it is ${length === 'longer' ? 'longer than' : `${length} long, over`} ${formatDuration(limit)}`,
      trim: { toSec: limit },
    };

  const turned = Math.abs(v.rotation) % 180 === 90;
  const [shownW, shownH] = turned ? [v.height, v.width] : [v.width, v.height];
  const sides = fitSides(shownW, shownH);
  const resize = sides.width !== shownW || sides.height !== shownH;
  const fps = targetFps(v.fps);
  const codecOk = (LIMITS.codecs as readonly string[]).includes(v.codec);
  const containerOk = probe.format === 'MPEG-4' || probe.format === 'WebM';
  const changes: string[] = [];
  // A cut a few ms short of the limit: the audio's last frame may run past a cut made exactly on it.
  const outSec = tooLong ? limit - 0.05 : (duration ?? 0);
  const cut = tooLong ? ['-t', outSec.toFixed(3)] : [];
  const cutWords = tooLong
    ? `cut to ${formatDuration(limit)} (${length === 'longer' ? 'it is longer' : `of ${length}`}; the rest is dropped)`
    : '';

  // A cut is re-encoded: a copied stream can only be cut at a keyframe, and its last frame's timing
  // may leave the copy over the limit or with a frame rate of its own.
  if (codecOk && !resize && !fps && !tooLong) {
    // Only the container (or only the length): the streams are copied as they are.
    const ext = v.codec === 'VP8' || v.codec === 'VP9' ? 'webm' : 'mp4';
    const audioCopy = !probe.audio || COPYABLE_AUDIO[ext].has(probe.audio);
    const audioArgs = !probe.audio
      ? ['-an']
      : audioCopy
        ? ['-c:a', 'copy']
        : ext === 'mp4'
          ? ['-c:a', 'aac', '-b:a', '128k']
          : ['-c:a', 'libopus', '-b:a', '128k'];
    if (!containerOk)
      changes.push(`${probe.format} → ${ext === 'mp4' ? 'MP4' : 'WebM'} (video copied, not re-encoded)`);
    if (!audioCopy) changes.push(`${probe.audio} audio → ${ext === 'mp4' ? 'AAC' : 'Opus'}`);
    // The streams are fine but their boxes are not (a track header's size unlike the stream's): rewritten.
    if (changes.length === 0) changes.push('rewritten as MP4 (video copied, not re-encoded)');
    return {
      fixable: true,
      changes,
      result: `${v.codec} · ${shownW}×${shownH} · ${Math.round((v.fps ?? 0) * 1000) / 1000} fps`,
      remux: true,
      args: [
        '-map',
        '0:v:0',
        '-map',
        '0:a:0?',
        '-c:v',
        'copy',
        ...(v.codec === 'H.265' ? ['-tag:v', 'hvc1'] : []),
        ...audioArgs,
        ...cut,
        ...(ext === 'mp4' ? ['-movflags', '+faststart', '-f', 'mp4'] : ['-f', 'webm']),
      ],
      ext,
      durationSec: outSec,
    };
  }

  if (!codecOk) changes.push(`${v.codec} → H.264`);
  else changes.push(`re-encoded as H.264`);
  if (fps) changes.push(`${v.fps ? `${Math.round(v.fps * 1000) / 1000} fps` : 'no frame rate'} → ${fps} fps`);
  if (resize)
    changes.push(
      `${shownW}×${shownH} → ${sides.width}×${sides.height}${sides.pad ? ' (scaled, then padded)' : ''}`,
    );
  if (v.rotation) changes.push(`rotation of ${v.rotation}° applied`);
  if (tooLong) changes.push(cutWords);
  // ffmpeg turns the picture as its rotation says before these filters: they see it as shown.
  // Sizes computed here, not by the scale filter's own options: the npm build of ffmpeg (4.1) has
  // no force_divisible_by, and yuv420p needs even sides.
  const fit = Math.min(sides.width / shownW, sides.height / shownH);
  const inner = [
    Math.min(sides.width, evenDown(shownW * fit)),
    Math.min(sides.height, evenDown(shownH * fit)),
  ];
  const filters = sides.pad
    ? [`scale=${inner[0]}:${inner[1]}`, `pad=${sides.width}:${sides.height}:(ow-iw)/2:(oh-ih)/2`]
    : [`scale=${sides.width}:${sides.height}`];
  return {
    fixable: true,
    changes,
    result: `H.264 · ${sides.width}×${sides.height} · ${fps ?? Math.round((v.fps ?? 30) * 1000) / 1000} fps`,
    remux: false,
    args: [
      '-map',
      '0:v:0',
      '-map',
      '0:a:0?',
      '-vf',
      [...filters, 'setsar=1'].join(','),
      ...(fps ? ['-r', String(fps)] : []),
      '-c:v',
      'libx264',
      '-preset',
      'fast',
      '-crf',
      '20',
      '-pix_fmt',
      'yuv420p',
      ...(probe.audio ? ['-c:a', 'aac', '-b:a', '128k'] : ['-an']),
      ...cut,
      '-movflags',
      '+faststart',
      '-f',
      'mp4',
    ],
    ext: 'mp4',
    durationSec: outSec,
  };
}
