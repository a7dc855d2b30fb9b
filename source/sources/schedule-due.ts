import type { ScheduleRow } from './schedule-rows.js';

const HOUR_MS = 3_600_000;

/** How long after its hour ends a row may still be posted: one missed hourly cron run. */
export const DEFAULT_GRACE_MS = HOUR_MS;

export interface DueRows {
  /** Draft rows to post now, oldest first. */
  due: ScheduleRow[];
  /** Draft rows whose window has passed; reported, never posted automatically. */
  late: ScheduleRow[];
  /** Draft rows whose hour has not begun. */
  upcoming: ScheduleRow[];
}

/**
 * Sorts draft rows by their posting window. A row scheduled for hour H (scheduledAt = H:00 local)
 * is due while `scheduledAt <= now < scheduledAt + 1 h + graceMs`: its hour has begun and has not
 * been over for longer than the grace window. Before that it is upcoming (never posted early),
 * after it late. Published rows are ignored.
 */
export function dueRows(rows: readonly ScheduleRow[], opts: { now: Date; graceMs?: number }): DueRows {
  const now = opts.now.getTime();
  const grace = Math.max(0, opts.graceMs ?? DEFAULT_GRACE_MS);
  const result: DueRows = { due: [], late: [], upcoming: [] };
  for (const row of rows) {
    if (row.status !== 'draft') continue;
    const start = row.scheduledAt.getTime();
    if (now < start) result.upcoming.push(row);
    else if (now < start + HOUR_MS + grace) result.due.push(row);
    else result.late.push(row);
  }
  const byTime = (a: ScheduleRow, b: ScheduleRow) =>
    a.scheduledAt.getTime() - b.scheduledAt.getTime() || a.rowNumber - b.rowNumber;
  result.due.sort(byTime);
  result.late.sort(byTime);
  result.upcoming.sort(byTime);
  return result;
}
