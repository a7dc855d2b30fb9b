import { createHash } from 'node:crypto';
import { LIMITS, PRIVACY_LEVELS, type PrivacyLevel, type VideoJob } from '../shared/post-job.js';
import { captionSafe, terminalSafe } from '../shared/sanitize.js';
import { MAX_URL } from './feed-entry.js';

/** The sheet's columns, A to L, in the order the seed documents. */
export const SCHEDULE_COLUMNS = [
  'tiktok_video_url',
  'tiktok_title',
  'tiktok_privacy_status',
  'allow_comments',
  'allow_duet',
  'allow_stitch',
  'is_brand_organic',
  'is_brand_content',
  'auto_add_music',
  'date',
  'time',
  'status',
] as const;

export type RowStatus = 'draft' | 'published';

/** One valid schedule row. */
export interface ScheduleRow {
  /** 1-based, as the sheet shows it; what markPublished writes back to. */
  rowNumber: number;
  job: VideoJob;
  /** The start of the row's hour in the machine's local time zone (TZ). */
  scheduledAt: Date;
  status: RowStatus;
  /** Hash of the row's content (not its position or status), for the ledger. */
  fingerprint: string;
}

export interface RowProblem {
  rowNumber: number;
  /** What is wrong, prefixed with the row ("row 4: …"), for a line on its own. */
  message: string;
  /** What is wrong, without the row, for a view that shows the row number itself. */
  reason: string;
}

export interface ParseScheduleOptions {
  /** How videos are sent to TikTok; the sheet has no column for it. Default upload. */
  source?: VideoJob['source'];
  /** Direct post or inbox draft; the sheet has no column for it. Default direct. */
  mode?: VideoJob['mode'];
}

type Cells = readonly string[];

class RowError extends Error {}

/** A cell's value as a message quotes it: control characters visible, at most 60 characters. */
function shown(value: string): string {
  const safe = terminalSafe(value);
  return safe.length > 60 ? `${safe.slice(0, 59)}…` : safe;
}

function cell(cells: Cells, index: number): string {
  return (cells[index] ?? '').trim();
}

function bool(cells: Cells, index: number, fallback: boolean): boolean {
  const value = cell(cells, index).toUpperCase();
  if (value === '') return fallback;
  if (value === 'TRUE') return true;
  if (value === 'FALSE') return false;
  throw new RowError(`${SCHEDULE_COLUMNS[index]} must be TRUE or FALSE, got "${shown(cell(cells, index))}"`);
}

/**
 * The video cell, parsed once: the job carries the parsed URL (`https:clip.mp4` is the host
 * clip.mp4, never a file in the working directory), and only http(s) with a host is accepted.
 */
function videoUrl(cells: Cells): string {
  const raw = cell(cells, 0);
  if (!raw) throw new RowError('tiktok_video_url is empty');
  if (raw.length > MAX_URL) throw new RowError(`tiktok_video_url is ${raw.length} characters long`);
  try {
    const url = new URL(raw);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname) return url.href;
  } catch {}
  throw new RowError(`tiktok_video_url "${shown(raw)}" is not an http(s) URL`);
}

function privacy(cells: Cells): PrivacyLevel {
  const raw = cell(cells, 2);
  const level = PRIVACY_LEVELS.find((p) => p === raw.toUpperCase());
  if (level) return level;
  throw new RowError(
    raw
      ? `tiktok_privacy_status "${shown(raw)}" is not one of ${PRIVACY_LEVELS.join(', ')}`
      : 'tiktok_privacy_status is empty',
  );
}

/** date is %d-%m-%Y (05-11-2026 is 5 November) and time is %H (0–23), read in local time. */
function when(cells: Cells): Date {
  const date = cell(cells, 9);
  const time = cell(cells, 10);
  const d = /^(\d{1,2})-(\d{1,2})-(\d{4})$/.exec(date);
  if (!d) throw new RowError(date ? `date "${shown(date)}" is not DD-MM-YYYY` : 'date is empty');
  const [day, month, year] = [Number(d[1]), Number(d[2]), Number(d[3])];
  // Round-trip through a UTC date to reject 31-02 and 00-13 without time-zone effects.
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RowError(`date "${date}" does not exist`);
  }
  if (!/^\d{1,2}$/.test(time) || Number(time) > 23) {
    throw new RowError(time ? `time "${shown(time)}" is not an hour from 0 to 23` : 'time is empty');
  }
  // In a DST gap (the hour does not exist locally) Date moves forward an hour; so would the clock.
  return new Date(year, month - 1, day, Number(time));
}

function status(cells: Cells): RowStatus {
  const raw = cell(cells, 11);
  const value = raw.toLowerCase();
  if (value === 'draft' || value === 'published') return value;
  throw new RowError(raw ? `status "${shown(raw)}" is not draft or published` : 'status is empty');
}

function fingerprint(cells: Cells): string {
  const content = SCHEDULE_COLUMNS.slice(0, 11).map((_, i) => cell(cells, i));
  return createHash('sha256').update(content.join('\u001f')).digest('hex').slice(0, 32);
}

function parseRow(cells: Cells, rowNumber: number, opts: ParseScheduleOptions): ScheduleRow {
  const media = videoUrl(cells);
  // Capped before anything else is done with it; control characters never reach TikTok.
  const rawTitle = cell(cells, 1);
  if (rawTitle.length > LIMITS.videoTitle) {
    throw new RowError(
      `tiktok_title is ${rawTitle.length} characters; TikTok takes up to ${LIMITS.videoTitle}`,
    );
  }
  const title = captionSafe(rawTitle).trim();
  if (!title) throw new RowError('tiktok_title is empty');
  const job: VideoJob = {
    kind: 'video',
    media,
    title,
    privacy: privacy(cells),
    allowComments: bool(cells, 3, true),
    allowDuet: bool(cells, 4, true),
    allowStitch: bool(cells, 5, true),
    brand: { organic: bool(cells, 6, false), content: bool(cells, 7, false) },
    source: opts.source ?? 'upload',
    mode: opts.mode ?? 'direct',
    origin: { kind: 'sheet', key: `row ${rowNumber}`, label: title, rowNumber },
  };
  // auto_add_music only applies to photo posts; validated so a typo is still reported.
  bool(cells, 8, false);
  return { rowNumber, job, scheduledAt: when(cells), status: status(cells), fingerprint: fingerprint(cells) };
}

/** Validates the sheet's values (as values.get returns them) into rows and per-row problems. */
export function parseScheduleRows(
  values: readonly (readonly string[])[],
  opts: ParseScheduleOptions = {},
): { rows: ScheduleRow[]; problems: RowProblem[] } {
  const rows: ScheduleRow[] = [];
  const problems: RowProblem[] = [];
  values.forEach((raw, index) => {
    const rowNumber = index + 1;
    const cells = raw.map((v) => String(v ?? ''));
    if (cells.every((v) => v.trim() === '')) return;
    if (index === 0 && cell(cells, 0).toLowerCase() === SCHEDULE_COLUMNS[0]) return;
    try {
      rows.push(parseRow(cells, rowNumber, opts));
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      problems.push({ rowNumber, message: `row ${rowNumber}: ${error.message}`, reason: error.message });
    }
  });
  return { rows, problems };
}
