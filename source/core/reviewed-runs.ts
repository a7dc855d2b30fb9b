import { AgorasError, CancelledError, markNotPublished, UsageError } from '../shared/errors.js';
import type { PostJob } from '../shared/post-job.js';
import { type Reporter, silentReporter } from '../shared/reporter.js';
import { registerSecret } from '../shared/secrets.js';
import { loadServiceAccount } from '../sources/private-key.js';
import type { StatusData } from '../tiktok/types.js';
import type { CapCheck } from './caps.js';
import type { PostFn } from './ledger.js';
import { scheduleSettings, underLock } from './locked-runs.js';
import { publishJob } from './publish.js';
import { runFeed } from './run-feed.js';
import { runSchedule } from './run-schedule.js';
import { publishDepsFor, type Runtime } from './runtime.js';
import type { FeedPreview, SheetInput, SourceRunResult, SourceServices } from './service-types.js';

/** A reporter that keeps what core says, for the previews (which show it as notes and row problems). */
function collecting(): Reporter & { infos: string[]; warns: string[] } {
  const infos: string[] = [];
  const warns: string[] = [];
  return {
    ...silentReporter,
    infos,
    warns,
    info: (m) => void infos.push(m),
    warn: (m) => void warns.push(m),
  };
}

function summaryKey(rowNumber: number, job: PostJob): string {
  return `${rowNumber}|${job.title}|${job.kind === 'video' ? job.media : job.images.join(' ')}`;
}

/** Feeds and schedules for the wizard: core's runFeed/runSchedule, dry-run for previews. */
export function sourceServices(runtime: Runtime): SourceServices {
  const sheetOptions = async (input: SheetInput) => {
    const account = await loadServiceAccount(input);
    registerSecret(account.privateKey);
    return {
      spreadsheetId: input.spreadsheetId.trim(),
      sheetName: input.sheetName.trim(),
      ...account,
      rootUrl: runtime.env.GOOGLE_SHEETS_ROOT_URL || undefined,
      tokenUrl: runtime.env.GOOGLE_OAUTH_TOKEN_URL || undefined,
    };
  };

  /** Runs with the account's lock, as headless does, and a post function that only posts what was reviewed. */
  async function locked<T>(
    username: string,
    signal: AbortSignal | undefined,
    reporter: Reporter,
    reviewed: (job: PostJob) => boolean,
    run: (
      shared: {
        store: Runtime['store'];
        reporter: Reporter;
        status: (id: string) => Promise<StatusData>;
        post: PostFn;
        caps: CapCheck;
      },
      result: SourceRunResult,
    ) => Promise<T>,
  ): Promise<SourceRunResult & { value: T }> {
    const result: SourceRunResult = { posted: [], errors: [], notes: [] };
    return underLock(runtime, username, signal, async ({ store, status, caps }) => {
      const post: PostFn = async (job, onId, beforeSend) => {
        const title = job.origin?.label ?? job.title;
        try {
          if (signal?.aborted) throw markNotPublished(new CancelledError());
          if (!reviewed(job))
            throw markNotPublished(new UsageError('It changed since you reviewed it; not posted.'));
          const done = await publishJob(job, {
            ...(await publishDepsFor(runtime, username, reporter, signal)),
            onPublishId: onId,
            ...(beforeSend ? { beforeInit: beforeSend } : {}),
          });
          result.posted.push({ title, publishId: done.publishId, status: done.status?.status });
          return done;
        } catch (error) {
          const exitCode = error instanceof AgorasError ? error.exitCode : 1;
          result.errors.push({ title, message: (error as Error).message, exitCode });
          throw error;
        }
      };
      // The caps are counted under the lock, as the command line's runs count them.
      const value = await run({ store, reporter, status, post, caps }, result);
      return { ...result, value };
    });
  }

  return {
    async previewFeed(request, signal) {
      const reporter = collecting();
      const plan = { now: Date.now(), pick: Math.random() };
      const items: FeedPreview['items'] = [];
      await locked(
        request.username,
        signal,
        reporter,
        () => false,
        (shared) =>
          runFeed(
            {
              ...request,
              // Any privacy will do: a dry run only selects; the template comes with the real run.
              template: { ...NO_TEMPLATE },
              dryRun: true,
              now: new Date(plan.now),
              random: () => plan.pick,
            },
            {
              ...shared,
              http: runtime.http,
              preview: (job, entry) =>
                void items.push({
                  key: entry.key,
                  title: entry.title,
                  kind: job.kind,
                  media: job.kind === 'video' ? [job.media] : job.images,
                  published: entry.published,
                }),
            },
          ),
      );
      return { items, notes: reporter.infos, plan };
    },
    async runFeed(request, reporter, signal) {
      const keys = new Set(request.keys);
      const { value: _value, ...result } = await locked(
        request.username,
        signal,
        reporter,
        (job) => keys.has(job.origin?.key ?? ''),
        (shared) =>
          runFeed(
            {
              ...request,
              dryRun: false,
              now: new Date(request.plan.now),
              random: () => request.plan.pick,
            },
            {
              ...shared,
              http: runtime.http,
              preview: () => {},
              post: (job, onId) => shared.post(retitled(job, request.titles), onId),
            },
          ),
      );
      return result;
    },
    async sheetDefaults() {
      const demo = runtime.sandbox?.sheets;
      return (
        demo && {
          spreadsheetId: demo.id,
          sheetName: demo.name,
          clientEmail: demo.clientEmail,
          privateKey: demo.privateKey,
        }
      );
    },
    async previewSchedule(request, signal) {
      const sheet = await sheetOptions(request.sheet);
      const reporter = collecting();
      const due: { job: PostJob; row: { rowNumber: number; scheduledAt: Date } }[] = [];
      const { value } = await locked(
        request.username,
        signal,
        reporter,
        () => false,
        (shared) =>
          runSchedule(
            {
              sheet,
              username: request.username,
              ...scheduleSettings(request),
              dryRun: true,
              now: new Date(),
            },
            { ...shared, preview: (job, row) => void due.push({ job, row }) },
          ),
      );
      return {
        due: due.flatMap(({ job, row }) =>
          job.kind === 'video'
            ? [
                {
                  key: summaryKey(row.rowNumber, job),
                  rowNumber: row.rowNumber,
                  title: job.title,
                  media: job.media,
                  privacy: job.privacy,
                  brand: job.brand,
                  scheduledAt: row.scheduledAt,
                  job,
                },
              ]
            : [],
        ),
        late: value.late.map((row) => ({ rowNumber: row.rowNumber, scheduledAt: row.scheduledAt })),
        problems: value.problems.map((p) => ({ rowNumber: p.rowNumber, reason: p.reason })),
        upcoming: value.upcoming,
        alreadyPosted: value.alreadyPosted,
      };
    },
    async runSchedule(request, reporter, signal) {
      const sheet = await sheetOptions(request.sheet);
      const keys = new Set(request.keys);
      const { value, ...result } = await locked(
        request.username,
        signal,
        reporter,
        (job) => keys.has(summaryKey(job.origin?.rowNumber ?? 0, job)),
        (shared) =>
          runSchedule(
            {
              sheet,
              username: request.username,
              ...scheduleSettings(request),
              dryRun: false,
              now: new Date(),
            },
            { ...shared, preview: () => {} },
          ),
      );
      if (value.writeError)
        result.notes.push(
          `Could not mark the rows published (${value.writeError.message}); the next run marks them without posting again.`,
        );
      return result;
    },
  };
}

/** The entry with the title the user gave it on the review, if any. */
function retitled(job: PostJob, titles: Record<string, string> | undefined): PostJob {
  const title = titles?.[job.origin?.key ?? ''];
  if (title === undefined) return job;
  return { ...job, title, ...(job.origin ? { origin: { ...job.origin, label: title } } : {}) };
}

/** The settings of a reviewed run's posts where the review gives none: Only me, all interactions off. */
export const NO_TEMPLATE = {
  privacy: 'SELF_ONLY',
  allowComments: false,
  allowDuet: false,
  allowStitch: false,
  autoAddMusic: false,
  brand: { organic: false, content: false },
  source: 'upload',
  mode: 'direct',
} as const;
