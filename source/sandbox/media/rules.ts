import { LocalFile } from './file.js';
import { probeMp4 } from './mp4.js';
import { probeWebm } from './webm.js';

export type { Probe } from './probe.js';

/** TikTok's documented video limits (Media Transfer Guide), as the sandbox enforces them. */
export const VIDEO_LIMITS = {
  codecs: ['H.264', 'H.265', 'VP8', 'VP9'],
  minSide: 360,
  maxSide: 4096,
  minFps: 23,
  maxFps: 60,
};

export interface VideoVerdict {
  /** TikTok's fail_reason, or undefined when TikTok would publish it. */
  fail_reason?: string;
  /** Why, for people reading the sandbox state. */
  why?: string;
  container?: 'mp4' | 'webm';
  duration_sec?: number;
}

function isMp4(head: Buffer): boolean {
  const type = head.toString('latin1', 4, 8);
  // ftyp, or a classic QuickTime file opening on a movie, data or padding atom.
  return ['ftyp', 'moov', 'mdat', 'wide', 'free', 'skip', 'pnot'].includes(type);
}

/** The sandbox's verdict on a whole received video, in the order TikTok's checks are documented. */
export async function judgeVideo(path: string, maxDurationSec: number): Promise<VideoVerdict> {
  const file = await LocalFile.open(path);
  try {
    const head = await file.read(0, 8);
    const probe =
      head.length >= 4 && head.readUInt32BE(0) === 0x1a45dfa3
        ? await probeWebm(file)
        : head.length === 8 && isMp4(head)
          ? await probeMp4(file)
          : ({ fail: 'file_format_check_failed', why: 'neither MP4/MOV nor WebM' } as const);
    if ('fail' in probe) return { fail_reason: probe.fail, why: probe.why };
    const facts = { container: probe.container, duration_sec: probe.durationSec };
    const L = VIDEO_LIMITS;
    if (!L.codecs.includes(probe.codec)) {
      return { ...facts, fail_reason: 'file_format_check_failed', why: `codec ${probe.codec || 'unknown'}` };
    }
    const side = (n: number) => n >= L.minSide && n <= L.maxSide;
    if (!side(probe.width) || !side(probe.height)) {
      return { ...facts, fail_reason: 'picture_size_check_failed', why: `${probe.width}×${probe.height}` };
    }
    // Frame counts over durations in ms-precise timescales land a hair off whole numbers.
    const fps = Math.round(probe.fps * 1000) / 1000;
    if (fps < L.minFps || fps > L.maxFps) {
      return { ...facts, fail_reason: 'frame_rate_check_failed', why: `${fps} fps` };
    }
    if (!(probe.durationSec > 0))
      return { ...facts, fail_reason: 'file_format_check_failed', why: 'no duration' };
    if (Math.round(probe.durationSec * 1000) > maxDurationSec * 1000) {
      return {
        ...facts,
        fail_reason: 'duration_check_failed',
        why: `${probe.durationSec} s > ${maxDurationSec} s`,
      };
    }
    return facts;
  } finally {
    await file.close();
  }
}
