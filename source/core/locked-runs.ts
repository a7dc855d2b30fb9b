import { registerSecret } from '../shared/secrets.js';
import { loadServiceAccount } from '../sources/private-key.js';
import { DEFAULT_GRACE_MS } from '../sources/schedule-due.js';
import { type CapCheck, capCheck } from './caps.js';
import { type FeedRunDeps, type FeedRunOptions, runFeed } from './run-feed.js';
import { runSchedule, type ScheduleRunDeps, type ScheduleRunOptions } from './run-schedule.js';
import { clientFor, lockAccount, type Runtime } from './runtime.js';
import type { ScheduleSettings } from './source-types.js';

/** The schedule as the command line gives it: a sheet and its key as typed, the grace if any. */
export type ScheduleRunRequestFlags = Omit<ScheduleRunOptions, 'sheet' | 'graceMs' | 'source' | 'mode'> &
  ScheduleSettings & {
    sheet: { spreadsheetId: string; sheetName: string; clientEmail: string; privateKey: string };
  };

/**
 * The schedule's settings where a front end leaves them out: the same defaults as the command
 * line's flags (--schedule-grace 3600, --tiktok-video-source upload, --tiktok-post-mode direct).
 */
export function scheduleSettings(request: ScheduleSettings) {
  return {
    graceMs: request.graceMs ?? DEFAULT_GRACE_MS,
    source: request.source ?? ('upload' as const),
    mode: request.mode ?? ('direct' as const),
  };
}

/** What a front end brings to a feed or schedule run: how it posts, previews and reports. */
export type RunHooks<D extends FeedRunDeps | ScheduleRunDeps> = Omit<
  D,
  'store' | 'status' | 'http' | 'caps'
> & {
  signal?: AbortSignal;
};

/** The account's lock and its TikTok client around one run of core's feed or schedule. */
export async function underLock<T>(
  runtime: Runtime,
  username: string,
  signal: AbortSignal | undefined,
  run: (shared: { store: Runtime['store']; status: FeedRunDeps['status']; caps: CapCheck }) => Promise<T>,
  dailyPostCap?: number,
): Promise<T> {
  const lock = await lockAccount(runtime, username);
  try {
    const client = await clientFor(username, runtime, signal);
    // The holder's view of the store: its ledger writes commit only while the lock is still held.
    return await run({
      store: lock.store,
      status: (id) => client.fetchStatus(id),
      // Counted under the lock from the store's records: on Redis, every runner's posts count.
      caps: capCheck(lock.store.records(username), dailyPostCap),
    });
  } finally {
    await lock.release();
  }
}

/** Feeds and the schedule as both front ends run them: one lock, one client, core's runs. */
export function sourceRuns(runtime: Runtime) {
  return {
    /** A feed run under the account's lock (the command line's last-/random-from-feed). */
    feedRun(options: FeedRunOptions, hooks: RunHooks<FeedRunDeps>) {
      return underLock(
        runtime,
        options.username,
        hooks.signal,
        (shared) => runFeed(options, { ...hooks, ...shared, http: runtime.http }),
        options.dailyPostCap,
      );
    },
    /**
     * A schedule run under the account's lock (the command line's schedule): the sheet as given (a
     * PEM key or the path of a JSON key file), the grace by default, Google's URLs from the settings.
     */
    async scheduleRun(options: ScheduleRunRequestFlags, hooks: RunHooks<ScheduleRunDeps>) {
      const account = await loadServiceAccount(options.sheet);
      registerSecret(account.privateKey);
      const sheet = {
        ...options.sheet,
        ...account,
        rootUrl: runtime.env.GOOGLE_SHEETS_ROOT_URL || undefined,
        tokenUrl: runtime.env.GOOGLE_OAUTH_TOKEN_URL || undefined,
      };
      return underLock(
        runtime,
        options.username,
        hooks.signal,
        (shared) => runSchedule({ ...options, sheet, ...scheduleSettings(options) }, { ...hooks, ...shared }),
        options.dailyPostCap,
      );
    },
  };
}
