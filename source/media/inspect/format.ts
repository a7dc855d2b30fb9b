import { formatBytes } from '../../shared/format.js';
import type { ImageFacts, MediaRefusal, VideoFacts } from './types.js';

export { formatBytes };

/** m:ss (h:mm:ss past an hour); `precise` keeps tenths when the length is not whole seconds. */
export function formatDuration(seconds: number, precise = false): string {
  const total = precise ? Math.round(seconds * 10) : Math.round(seconds) * 10;
  const [whole, tenths] = [Math.floor(total / 10), total % 10];
  const [h, m, s] = [Math.floor(whole / 3600), Math.floor((whole % 3600) / 60), whole % 60];
  const ss = String(s).padStart(2, '0') + (tenths > 0 ? `.${tenths}` : '');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

function formatFps(fps: number): string {
  return `${Number.isInteger(fps) ? fps : Number(fps.toFixed(3))} fps`;
}

/** One line of facts: `H.264 · 1080×1920 · 30 fps · 0:15 · 3.7 MB`, or `JPEG · 1080×1920 · 412.0 kB`. */
export function formatFacts(facts: VideoFacts | ImageFacts): string {
  const size = `${facts.width}×${facts.height}`;
  if (facts.kind === 'image') return [facts.format, size, formatBytes(facts.sizeBytes)].join(' · ');
  return [
    facts.codec,
    size,
    formatFps(facts.fps),
    formatDuration(facts.durationSec),
    formatBytes(facts.sizeBytes),
  ].join(' · ');
}

/**
 * The one line a refusal prints: the file or URL, what it is, what TikTok needs, and the fix.
 * `clip.mp4: AV1 video; TikTok needs H.264, H.265, VP8 or VP9 video: re-encode it, …`
 */
export function refusalLine(label: string, refusal: MediaRefusal): string {
  const fix = refusal.fix ? `: ${refusal.fix}` : '';
  return `${label}: ${refusal.found}; TikTok needs ${refusal.need}${fix}.`;
}
