import type { FeedEntry } from '../sources/feed-entry.js';
import type { JobTemplate } from '../sources/feed-select.js';
import type { Store } from '../store/store.js';
import type { Http } from '../tiktok/http.js';
import { type AgorasError, isNotPublished } from './errors.js';
import type { PostJob } from './post-job.js';
import type { Reporter } from './reporter.js';

export interface FeedRunOptions {
  mode: 'last' | 'random';
  feedUrl: string;
  maxCount: number;
  lookbackSec: number;
  maxAgeDays: number;
  template: JobTemplate;
  username: string;
  dryRun: boolean;
  now: Date;
  random?: () => number;
}

export interface FeedRunDeps {
  store: Store;
  http: Http;
  reporter: Reporter;
  /** Posts one job and calls onPublishId the moment TikTok accepts it. */
  post(job: PostJob, onPublishId: (id: string) => void): Promise<unknown>;
  /** Prints a job that --dry-run would post. */
  preview(job: PostJob): void;
}

/** The ledger key of a feed entry for one account. */
export function feedKey(username: string, entry: FeedEntry): string {
  return `feed:${username}:${entry.key}`;
}

/**
 * last-from-feed / random-from-feed: fetch, parse, select, skip what the ledger says was posted,
 * post the rest, recording each in the ledger as soon as TikTok returns its publish ID.
 */
export async function runFeed(
  options: FeedRunOptions,
  deps: FeedRunDeps,
): Promise<{ posted: number; errors: AgorasError[] }> {
  const [{ fetchFeed }, { parseFeed }, { selectLast, selectRandom, entryToJob }] = await Promise.all([
    import('../sources/feed-fetch.js'),
    import('../sources/feed-parse.js'),
    import('../sources/feed-select.js'),
  ]);
  deps.reporter.step(`Reading ${options.feedUrl}`);
  const entries = await parseFeed(await fetchFeed(options.feedUrl, { dispatcher: deps.http.media }));
  const unposted = (e: FeedEntry) => !deps.store.posted(feedKey(options.username, e));
  let chosen: FeedEntry[];
  if (options.mode === 'last') {
    // Select the window first, then skip what was posted: a rerun must not reach for older entries.
    const recent = selectLast(entries, {
      now: options.now,
      lookbackSec: options.lookbackSec,
      maxCount: options.maxCount,
    });
    chosen = recent.filter(unposted);
    const skipped = recent.length - chosen.length;
    if (skipped)
      deps.reporter.info(`${skipped} recent entr${skipped === 1 ? 'y was' : 'ies were'} already posted.`);
  } else {
    const pick = selectRandom(entries.filter(unposted), {
      now: options.now,
      maxAgeDays: options.maxAgeDays,
      random: options.random ?? Math.random,
    });
    chosen = pick ? [pick] : [];
  }
  if (chosen.length === 0) {
    deps.reporter.info(`Nothing new to post from the feed (${entries.length} entries read).`);
    return { posted: 0, errors: [] };
  }
  const errors: AgorasError[] = [];
  let posted = 0;
  for (const entry of chosen) {
    const job = entryToJob(entry, options.template);
    if (options.dryRun) {
      deps.preview(job);
      continue;
    }
    deps.reporter.step(`Posting “${entry.title}”`);
    try {
      await deps.post(job, (publishId) =>
        deps.store.recordPosted(feedKey(options.username, entry), {
          publishId,
          at: Date.now(),
          label: entry.title,
        }),
      );
      posted++;
    } catch (error) {
      if (isNotPublished(error)) deps.store.forgetPosted(feedKey(options.username, entry));
      errors.push(error as AgorasError);
      deps.reporter.warn(`Could not post “${entry.title}”: ${(error as Error).message}`);
    }
  }
  return { posted, errors };
}
