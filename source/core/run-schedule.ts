import { kindsAllowedFrom } from '../media/url-guard.js';
import type { AgorasError } from '../shared/errors.js';
import { formatDate } from '../shared/format.js';
import type { PostJob } from '../shared/post-job.js';
import type { RowProblem, ScheduleRow } from '../sources/schedule-rows.js';
import type { ConnectSheetOptions } from '../sources/sheets-client.js';
import { type CapCheck, type CapStop, capRefusalLine, capStopLine, isCapRefusal } from './caps.js';
import { type LedgerDeps, type PostFn, postRecorded, priorPost, TAKEN } from './ledger.js';

export interface ScheduleRunOptions {
  sheet: ConnectSheetOptions;
  username: string;
  graceMs: number;
  dryRun: boolean;
  now: Date;
  source: 'upload' | 'pull';
  mode: 'direct' | 'inbox';
  /** --allow-private-media: the sheet's videos may be on any internal address. */
  allowPrivateMedia?: boolean;
  /** Posts in 24 h at which the run stops (TikTok says "about 15"). */
  dailyPostCap?: number;
}

export interface ScheduleRunDeps extends LedgerDeps {
  post: PostFn;
  preview(job: PostJob, row: ScheduleRow): void;
  /** The cap one more post would reach: the run stops there, the rest stay draft and due. */
  caps?: CapCheck;
}

export interface ScheduleRunResult {
  posted: number[];
  failed: { rowNumber: number; error: AgorasError }[];
  /** Rows skipped as malformed, with what is wrong ("row 4: …"). */
  problems: RowProblem[];
  /** Draft rows past their window: reported, not posted. */
  late: ScheduleRow[];
  /** How many draft rows are still to come. */
  upcoming: number;
  /** Rows an earlier run already posted: marked published, never posted again. */
  alreadyPosted: { rowNumber: number; publishId: string }[];
  /** Rows marked published in the sheet by this run. */
  marked: number[];
  /** Set when the batched write of statuses failed (the ledger still prevents a double post). */
  writeError?: AgorasError;
  /** Set when the run stopped before a cap: the rows left stay draft for a later run. */
  capStop?: CapStop;
}

/** The ledger key of a sheet row: spreadsheet, sheet and the row's content (not its position). */
export function rowKey(username: string, sheet: ConnectSheetOptions, row: ScheduleRow): string {
  return `sheet:${username}:${sheet.spreadsheetId}:${sheet.sheetName}:${row.fingerprint}`;
}

/**
 * schedule: read the sheet once, post due drafts, then mark them published in ONE batched write,
 * only after TikTok accepted each. Rows already in the ledger are marked without posting again.
 */
export async function runSchedule(
  options: ScheduleRunOptions,
  deps: ScheduleRunDeps,
): Promise<ScheduleRunResult> {
  const [{ connectSheet, DEFAULT_SHEETS_ROOT_URL }, { parseScheduleRows }, { dueRows }] = await Promise.all([
    import('../sources/sheets-client.js'),
    import('../sources/schedule-rows.js'),
    import('../sources/schedule-due.js'),
  ]);
  const { reporter } = deps;
  reporter.step(`Reading sheet '${options.sheet.sheetName}'`);
  const sheet = await connectSheet(options.sheet);
  const { rows, problems } = parseScheduleRows(await sheet.readRows(), {
    source: options.source,
    mode: options.mode,
  });
  for (const p of problems) reporter.warn(`${p.message} (skipped)`);
  const { due, late, upcoming } = dueRows(rows, { now: options.now, graceMs: options.graceMs });
  reporter.info(`${due.length} row(s) due now, ${upcoming.length} upcoming.`);
  const result: ScheduleRunResult = {
    posted: [],
    failed: [],
    problems,
    late,
    upcoming: upcoming.length,
    alreadyPosted: [],
    marked: [],
  };
  const toMark: number[] = [];
  const postedAs = (id: string | undefined) => (id ? ` as ${id}` : '');
  const NO_ID = '(no publish ID)';
  for (const row of late) {
    // Posted by a run whose sheet write failed: mark it now, and never ask the user to post it again.
    const done = await deps.store.posted(rowKey(options.username, options.sheet, row));
    if (done?.state === 'pending') {
      reporter.warn(
        `row ${row.rowNumber}: an earlier run may have posted it; it is past its window, not posted.`,
      );
    } else if (done) {
      reporter.info(`row ${row.rowNumber}: already posted${postedAs(done.publishId)}; marking it published.`);
      result.alreadyPosted.push({ rowNumber: row.rowNumber, publishId: done.publishId ?? NO_ID });
      toMark.push(row.rowNumber);
    } else {
      reporter.warn(
        `row ${row.rowNumber}: scheduled ${formatDate(row.scheduledAt)} is past its window; not posted (post it by hand or change its date).`,
      );
    }
  }
  // The sheet's own address kind is the one its videos may use (the sandbox's sheet is on localhost).
  const addresses = options.dryRun
    ? []
    : await kindsAllowedFrom(
        options.sheet.rootUrl ?? DEFAULT_SHEETS_ROOT_URL,
        Boolean(options.allowPrivateMedia),
      );
  for (const [index, row] of due.entries()) {
    const key = rowKey(options.username, options.sheet, row);
    // A dry run only reads the ledger: it neither asks TikTok nor changes anything.
    const entry = await deps.store.posted(key);
    const prior = options.dryRun
      ? entry && { state: entry.state === 'pending' ? 'uncertain' : 'posted', entry }
      : await priorPost(key, `row ${row.rowNumber}`, deps);
    if (prior?.state === 'uncertain') continue; // reported by priorPost; the row stays draft
    if (prior) {
      reporter.info(
        `row ${row.rowNumber}: already posted${postedAs(prior.entry.publishId)}; marking it published.`,
      );
      result.alreadyPosted.push({ rowNumber: row.rowNumber, publishId: prior.entry.publishId ?? NO_ID });
      toMark.push(row.rowNumber);
      continue;
    }
    if (options.dryRun) {
      deps.preview(row.job, row);
      continue;
    }
    const reached = await deps.caps?.(row.job.mode);
    if (reached) {
      const left = due.length - index;
      reporter.warn(capStopLine(reached, left, 'due row', 'due rows'));
      result.capStop = { left, reached };
      break;
    }
    reporter.step(`Posting row ${row.rowNumber}`);
    try {
      const job = { ...row.job, origin: { kind: 'sheet' as const, ...row.job.origin, addresses } };
      if ((await postRecorded(key, `row ${row.rowNumber}`, job, deps.post, deps.store, reporter)) === TAKEN) {
        reporter.info(`row ${row.rowNumber}: taken by another run meanwhile; not posted by this one.`);
        continue;
      }
      result.posted.push(row.rowNumber);
      toMark.push(row.rowNumber);
    } catch (error) {
      // Surely not posted: the ledger forgot it and the row stays draft for the next run. Otherwise
      // TikTok may have posted it: the ledger keeps it and the next run marks it without reposting.
      result.failed.push({ rowNumber: row.rowNumber, error: error as AgorasError });
      reporter.warn(`row ${row.rowNumber}: not posted, stays draft: ${(error as Error).message}`);
      if (isCapRefusal(error)) {
        reporter.warn(capRefusalLine(due.length - index, 'due row', 'due rows'));
        break;
      }
    }
  }
  if (toMark.length > 0 && options.dryRun) {
    reporter.info(`Would mark row(s) ${toMark.join(', ')} published (dry run: the sheet is not changed).`);
  } else if (toMark.length > 0) {
    try {
      await sheet.markPublished(toMark);
      result.marked = toMark;
      reporter.info(`Marked row(s) ${toMark.join(', ')} published.`);
    } catch (error) {
      result.writeError = error as AgorasError;
      reporter.warn(
        `Could not mark rows published: ${(error as Error).message}; the next run will mark them without posting again.`,
      );
    }
  }
  return result;
}
