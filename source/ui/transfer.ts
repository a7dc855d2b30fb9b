/** One progress report, stamped with the time it arrived. */
export interface ProgressSample {
  sent: number;
  total: number;
  at: number;
}

/** What the progress bar shows. Speed and ETA are undefined until two samples are apart in time. */
export interface TransferStats {
  sent: number;
  total: number;
  percent: number;
  bytesPerSecond?: number;
  etaSeconds?: number;
  /** Whole seconds since a byte last went, once that is long enough to be a stall. */
  stalledSeconds?: number;
}

/** Bytes are told as they leave (every 256 kB): this long without any is a stall, shown as one. */
export const STALL_MS = 3000;

/**
 * Speed over the whole transfer up to `now` (steadier than the last chunk's, which jumps per chunk,
 * and falling while nothing moves, so the ETA grows through a stall instead of freezing).
 */
export function transferStats(first: ProgressSample, last: ProgressSample, now = last.at): TransferStats {
  const total = Math.max(last.total, 0);
  const sent = Math.min(Math.max(last.sent, 0), total);
  const percent = total === 0 ? 100 : Math.floor((sent / total) * 100);
  const quiet = now - last.at;
  const stall = sent < total && quiet >= STALL_MS ? { stalledSeconds: Math.floor(quiet / 1000) } : {};
  const seconds = (Math.max(now, last.at) - first.at) / 1000;
  const bytes = sent - first.sent;
  if (seconds <= 0 || bytes <= 0) return { sent, total, percent, ...stall };
  const bytesPerSecond = bytes / seconds;
  return { sent, total, percent, bytesPerSecond, etaSeconds: (total - sent) / bytesPerSecond, ...stall };
}

/** Megabytes per second with one decimal ("3.2 MB/s"). */
export function formatSpeed(bytesPerSecond: number): string {
  return `${(bytesPerSecond / 1_000_000).toFixed(1)} MB/s`;
}

export { formatDuration } from '../shared/format.js';
