import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { authorize } from '../auth/authorize.js';
import { AgorasError, CancelledError, markNotPublished, UsageError } from '../core/errors.js';
import type { PostFn } from '../core/ledger.js';
import { checkImageUrl, checkVideoUrl } from '../core/media-check.js';
import type { PostJob } from '../core/post-job.js';
import { publishJob } from '../core/publish.js';
import { type Reporter, silentReporter } from '../core/reporter.js';
import { runFeed } from '../core/run-feed.js';
import { runSchedule } from '../core/run-schedule.js';
import { registerSecret } from '../core/secrets.js';
import { isUrl, openVideo } from '../core/video-source.js';
import { acquireLock } from '../store/lock.js';
import type { CreatorInfo } from '../tiktok/types.js';
import type {
  MediaCheck,
  SheetInput,
  SourceRunResult,
  SourceServices,
  WizardServices,
} from '../ui/services.js';
import { clientFor } from './publish-command.js';
import { followConsent, type Runtime } from './runtime.js';

function failure(error: unknown): MediaCheck {
  return {
    ok: false,
    message: error instanceof AgorasError ? error.message : `Could not check it: ${(error as Error).message}`,
  };
}

function durationProblem(durationSec: number | undefined, creator: CreatorInfo): string | undefined {
  if (durationSec === undefined || durationSec <= creator.max_video_post_duration_sec) return undefined;
  return `The video is ${Math.round(durationSec)} s long; this account can post up to ${creator.max_video_post_duration_sec} s.`;
}

/** The wizard's view of core: the same functions headless uses, behind the WizardServices interface. */
export function createWizardServices(
  runtime: Runtime,
  options: { openBrowser?(url: string): Promise<void> } = {},
): WizardServices {
  const now = Date.now;
  return {
    ...sourceServices(runtime),
    async listAccounts() {
      const defaultName = runtime.store.defaultAccount();
      return Object.values(runtime.store.accounts())
        .sort((a, b) => a.username.localeCompare(b.username))
        .map((a) => ({
          username: a.username,
          nickname: a.nickname,
          isDefault: a.username === defaultName,
          // In the sandbox every run is a new emulator: its saved tokens are from an earlier one.
          state:
            a.refreshExpiresAt > now() && (!runtime.sandbox || a.clientKey === runtime.sandbox.clientKey)
              ? ('ready' as const)
              : ('needs-auth' as const),
        }));
    },
    async savedCredentials(username) {
      if (runtime.sandbox) return { clientKey: runtime.sandbox.clientKey, hasSecret: true };
      const saved = runtime.store.account(username);
      return saved ? { clientKey: saved.clientKey, hasSecret: Boolean(saved.clientSecret) } : undefined;
    },
    async authorize(request) {
      const saved = runtime.store.account(request.username);
      const clientKey = runtime.sandbox?.clientKey ?? (request.clientKey || saved?.clientKey || '');
      const clientSecret =
        runtime.sandbox?.clientSecret ?? (request.clientSecret || saved?.clientSecret || '');
      registerSecret(clientSecret);
      const result = await authorize({
        username: request.username,
        clientKey,
        clientSecret,
        redirectUri: runtime.sandbox
          ? 'http://127.0.0.1:0/callback/'
          : runtime.env.TIKTOK_REDIRECT_URI || undefined,
        authUrl: runtime.authUrl,
        apiBaseUrl: runtime.apiBaseUrl,
        http: runtime.http,
        store: runtime.store,
        reporter: silentReporter,
        signal: request.signal,
        onUrl(url) {
          request.onUrl(url);
          // The sandbox consents at once; play the browser's part so the flow runs for real.
          if (runtime.sandbox) setTimeout(() => void followConsent(url).catch(() => {}), 400);
        },
        openBrowser: runtime.sandbox ? undefined : options.openBrowser,
      });
      return {
        username: result.username,
        nickname: result.nickname,
        isDefault: runtime.store.defaultAccount() === result.username,
        state: 'ready',
      };
    },
    creatorInfo(username) {
      return clientFor(username, runtime).creatorInfo();
    },
    async checkVideo(input, creator) {
      try {
        if (isUrl(input)) {
          const probe = await checkVideoUrl(input, runtime.http.media);
          const problem = durationProblem(probe.durationSec, creator);
          return problem
            ? { ok: false, message: problem }
            : { ok: true, size: probe.size, durationSec: probe.durationSec, contentType: probe.type };
        }
        const video = await openVideo(input, runtime.http.media);
        await video.close();
        const problem = durationProblem(video.durationSec, creator);
        return problem
          ? { ok: false, message: problem }
          : { ok: true, size: video.size, durationSec: video.durationSec, contentType: video.contentType };
      } catch (error) {
        return failure(error);
      }
    },
    async checkImage(url) {
      try {
        const { type, size } = await checkImageUrl(url, runtime.http.media);
        return { ok: true, contentType: type, size };
      } catch (error) {
        return failure(error);
      }
    },
    async publish(username, job, reporter, signal) {
      const client = clientFor(username, runtime);
      const result = await publishJob(job, {
        client,
        http: runtime.http,
        reporter,
        signal,
        pollIntervalMs: Number(runtime.env.AGORAS_POLL_INTERVAL_MS ?? 2000),
      });
      return { publishId: result.publishId, status: result.status ?? { status: 'PROCESSING_UPLOAD' } };
    },
  };
}

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

/** Accepts the PEM key itself, or the path of the service account's JSON key file. */
async function serviceAccount(input: SheetInput): Promise<{ clientEmail: string; privateKey: string }> {
  const raw = input.privateKey.trim();
  const path = raw.replace(/^~(?=\/)/, homedir());
  const isFile =
    raw !== '' && !raw.includes('PRIVATE KEY') && (await stat(path).catch(() => undefined))?.isFile();
  if (!isFile) {
    if (!raw.includes('PRIVATE KEY'))
      throw new UsageError('That is neither a private key nor an existing key file.');
    return { clientEmail: input.clientEmail.trim(), privateKey: input.privateKey };
  }
  let key: { client_email?: unknown; private_key?: unknown };
  try {
    key = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    throw new UsageError(`${raw} is not a JSON key file.`);
  }
  if (typeof key.private_key !== 'string') throw new UsageError(`${raw} has no private_key.`);
  const clientEmail = typeof key.client_email === 'string' ? key.client_email : input.clientEmail.trim();
  return { clientEmail, privateKey: key.private_key };
}

function summaryKey(rowNumber: number, job: PostJob): string {
  return `${rowNumber}|${job.title}|${job.kind === 'video' ? job.media : job.images.join(' ')}`;
}

/** The messages core gave for some rows ("row 4: …"), by row number. */
function rowMessages(rows: number[], lines: string[]) {
  return rows.map((rowNumber) => {
    const line = lines.find((l) => l.startsWith(`row ${rowNumber}:`)) ?? '';
    return { rowNumber, message: line.replace(/^row \d+: /, '').replace(/ \(skipped\)$/, '') };
  });
}

/** Feeds and schedules for the wizard: core's runFeed/runSchedule, dry-run for previews. */
function sourceServices(runtime: Runtime): SourceServices {
  const sheetOptions = async (input: SheetInput) => {
    const account = await serviceAccount(input);
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
        status: (id: string) => ReturnType<ReturnType<typeof clientFor>['fetchStatus']>;
        post: PostFn;
      },
      result: SourceRunResult,
    ) => Promise<T>,
  ): Promise<SourceRunResult & { value: T }> {
    const release = await acquireLock(runtime.store.dir, `${runtime.store.namespace}-${username}`);
    const result: SourceRunResult = { posted: [], errors: [], notes: [] };
    try {
      const client = clientFor(username, runtime);
      const post: PostFn = async (job, onId) => {
        const title = job.origin?.label ?? job.title;
        try {
          if (signal?.aborted) throw markNotPublished(new CancelledError());
          if (!reviewed(job))
            throw markNotPublished(new UsageError('It changed since you reviewed it; not posted.'));
          const done = await publishJob(job, {
            client,
            http: runtime.http,
            reporter,
            signal,
            pollIntervalMs: Number(runtime.env.AGORAS_POLL_INTERVAL_MS ?? 2000),
            onPublishId: onId,
          });
          if (done.status?.status === 'FAILED') {
            const reason = done.status.fail_reason ? ` (${done.status.fail_reason})` : '';
            result.errors.push({ title, message: `TikTok could not publish it${reason}.`, exitCode: 4 });
          } else result.posted.push({ title, publishId: done.publishId, status: done.status?.status });
          return done;
        } catch (error) {
          const exitCode = error instanceof AgorasError ? error.exitCode : 1;
          result.errors.push({ title, message: (error as Error).message, exitCode });
          throw error;
        }
      };
      const value = await run(
        { store: runtime.store, reporter, status: (id) => client.fetchStatus(id), post },
        result,
      );
      return { ...result, value };
    } finally {
      release();
    }
  }

  return {
    async previewFeed(request, signal) {
      const reporter = collecting();
      const plan = { now: Date.now(), pick: Math.random() };
      const jobs: PostJob[] = [];
      const [{ fetchFeed }, { parseFeed }] = await Promise.all([
        import('../sources/feed-fetch.js'),
        import('../sources/feed-parse.js'),
      ]);
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
            { ...shared, http: runtime.http, preview: (job) => void jobs.push(job) },
          ),
      );
      // core's preview gives jobs only: the dates come from a second read of the (small) feed.
      const dates = new Map<string, Date | undefined>();
      if (jobs.length > 0) {
        const entries = await parseFeed(await fetchFeed(request.feedUrl, { dispatcher: runtime.http.media }));
        for (const e of entries) dates.set(e.key, e.published);
      }
      const items = jobs.map((job) => {
        const key = job.origin?.key ?? job.title;
        return {
          key,
          title: job.origin?.label ?? job.title,
          kind: job.kind,
          media: job.kind === 'video' ? [job.media] : job.images,
          published: dates.get(key),
        };
      });
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
            { ...shared, http: runtime.http, preview: () => {} },
          ),
      );
      return result;
    },
    sheetDefaults() {
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
              graceMs: GRACE_MS,
              dryRun: true,
              now: new Date(),
              source: 'upload',
              mode: 'direct',
            },
            { ...shared, preview: (job, row) => void due.push({ job, row }) },
          ),
      );
      const upcoming = reporter.infos.map((m) => /(\d+) upcoming/.exec(m)?.[1]).find(Boolean);
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
        late: rowMessages(value.late, reporter.warns),
        problems: rowMessages(value.malformed, reporter.warns),
        upcoming: Number(upcoming ?? 0),
        notes: reporter.infos.filter((m) => m.includes('already posted') || m.startsWith('Marked')),
      };
    },
    async runSchedule(request, reporter, signal) {
      const sheet = await sheetOptions(request.sheet);
      const keys = new Set(request.keys);
      const { value, ...result } = await locked(
        request.username,
        signal,
        reporter,
        (job) => keys.has(summaryKey(Number(job.origin?.key?.replace('row ', '')), job)),
        (shared) =>
          runSchedule(
            {
              sheet,
              username: request.username,
              graceMs: GRACE_MS,
              dryRun: false,
              now: new Date(),
              source: 'upload',
              mode: 'direct',
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

const GRACE_MS = 3_600_000;
const NO_TEMPLATE = {
  privacy: 'SELF_ONLY',
  allowComments: false,
  allowDuet: false,
  allowStitch: false,
  autoAddMusic: false,
  brand: { organic: false, content: false },
  source: 'upload',
  mode: 'direct',
} as const;
