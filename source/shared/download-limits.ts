import { UsageError } from './errors.js';

/**
 * How long a download may take and how slow it may get. The per-request timeout of the HTTP client
 * fires only when nothing arrives; a server that sends one byte every 29 s would hold a run (and its
 * account lock) forever without these.
 */
export interface DownloadLimits {
  /** Time spent waiting for the server's bytes, in all: past it the download is abandoned. */
  deadlineMs: number;
  /** Bytes per second the server must keep up, measured over each window of `windowMs`. */
  minBytesPerSecond: number;
  windowMs: number;
}

/** Media by URL (a video streamed or spooled, an image or video checked): generous, a 4 GB video fits. */
export const MEDIA_LIMITS: DownloadLimits = {
  deadlineMs: 2 * 60 * 60 * 1000,
  minBytesPerSecond: 10 * 1024,
  windowMs: 30_000,
};

/** Feeds and sheets: text of a few MiB at most. */
export const SOURCE_LIMITS: DownloadLimits = { ...MEDIA_LIMITS, deadlineMs: 30_000 };

function whole(env: NodeJS.ProcessEnv, name: string, min: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min) {
    throw new UsageError(
      `${name} must be a whole number${min > 0 ? ` of at least ${min}` : ''}, not '${raw}'.`,
    );
  }
  return value;
}

/**
 * The limits for media or for sources, from the environment over the defaults:
 * AGORAS_DOWNLOAD_DEADLINE_MS (media), AGORAS_SOURCE_DEADLINE_MS (feeds, sheets),
 * AGORAS_DOWNLOAD_MIN_RATE (bytes/s, 0 turns the check off) and AGORAS_DOWNLOAD_RATE_WINDOW_MS (both).
 */
export function downloadLimits(
  kind: 'media' | 'source',
  env: NodeJS.ProcessEnv = process.env,
): DownloadLimits {
  const base = kind === 'media' ? MEDIA_LIMITS : SOURCE_LIMITS;
  return {
    deadlineMs:
      whole(env, kind === 'media' ? 'AGORAS_DOWNLOAD_DEADLINE_MS' : 'AGORAS_SOURCE_DEADLINE_MS', 1) ??
      base.deadlineMs,
    minBytesPerSecond: whole(env, 'AGORAS_DOWNLOAD_MIN_RATE', 0) ?? base.minBytesPerSecond,
    windowMs: whole(env, 'AGORAS_DOWNLOAD_RATE_WINDOW_MS', 1) ?? base.windowMs,
  };
}

/** "2 h", "90 s", "250 ms": a duration as the one-line messages say it. */
export function spokenMs(ms: number): string {
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms >= 1000) return `${Math.round(ms / 100) / 10} s`;
  return `${ms} ms`;
}
