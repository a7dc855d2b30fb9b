import { createHash } from 'node:crypto';
import { kindsAllowedFrom, resolveSourceHost } from '../media/url-guard.js';
import type { AgorasError } from '../shared/errors.js';
import type { Http } from '../shared/http.js';
import type { PostJob } from '../shared/post-job.js';
import type { FeedEntry } from '../sources/feed-entry.js';
import type { JobTemplate } from '../sources/feed-select.js';
import { type CapCheck, type CapStop, capRefusalLine, capStopLine, isCapRefusal } from './caps.js';
import { type LedgerDeps, type PostFn, postRecorded, priorPost, TAKEN } from './ledger.js';

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
  /** --allow-private-media: the feed's media may be on any internal address. */
  allowPrivateMedia?: boolean;
  /** Posts in 24 h at which the run stops (TikTok says "about 15"). */
  dailyPostCap?: number;
}

export interface FeedRunDeps extends LedgerDeps {
  http: Http;
  post: PostFn;
  /** Prints a job that --dry-run would post. */
  preview(job: PostJob, entry: FeedEntry): void;
  /** The cap one more post would reach: the run stops there and leaves the rest for a later run. */
  caps?: CapCheck;
}

/** The ledger key of a feed entry for one account: a hash of its identity, short whatever the feed says. */
export function feedKey(username: string, entry: Pick<FeedEntry, 'key'>): string {
  return `feed:${username}:#${createHash('sha256').update(entry.key).digest('hex').slice(0, 32)}`;
}

/** The key ledgers written before keys were hashed use; still read, so nothing is posted again. */
function legacyFeedKey(username: string, entry: FeedEntry): string {
  return `feed:${username}:${entry.key}`;
}

/**
 * last-from-feed / random-from-feed: fetch, parse, select, skip what the ledger says was posted,
 * post the rest, recording each in the ledger as soon as TikTok returns its publish ID.
 */
export async function runFeed(
  options: FeedRunOptions,
  deps: FeedRunDeps,
): Promise<{ posted: number; errors: AgorasError[]; capStop?: CapStop }> {
  const [{ fetchFeed }, { parseFeed }, { selectLast, selectRandom, entryToJob, youngEntries }] =
    await Promise.all([
      import('../sources/feed-fetch.js'),
      import('../sources/feed-parse.js'),
      import('../sources/feed-select.js'),
    ]);
  deps.reporter.step(`Reading ${options.feedUrl}`);
  // The feed's host is resolved once: the feed is fetched from those addresses and its media are
  // judged by them, so a name that answers differently the second time (rebinding) changes nothing.
  const source = await resolveSourceHost(options.feedUrl);
  const dispatcher = source?.addresses.length
    ? deps.http.pinned(source.host, source.addresses)
    : deps.http.media;
  const entries = await parseFeed(await fetchFeed(options.feedUrl, { dispatcher }));
  // The ledger is read once; only entries left 'accepted' by a run that died ask TikTok (and,
  // in a dry run, nothing is asked or changed).
  const ledger = await deps.store.ledger();
  const keyOf = (e: FeedEntry) => {
    const key = feedKey(options.username, e);
    const legacy = legacyFeedKey(options.username, e);
    return !ledger[key] && ledger[legacy] ? legacy : key;
  };
  const unposted = async (list: FeedEntry[]) => {
    const out: FeedEntry[] = [];
    for (const e of list) {
      const key = keyOf(e);
      const entry = ledger[key];
      const posted = !entry
        ? false
        : entry.state === 'done' ||
          entry.state === undefined ||
          options.dryRun ||
          (await priorPost(key, e.title, deps)) !== undefined;
      if (!posted) out.push(e);
    }
    return out;
  };
  let chosen: FeedEntry[];
  let already = 0;
  if (options.mode === 'last') {
    // Select the window first, then skip what was posted: a rerun must not reach for older entries.
    const recent = selectLast(entries, {
      now: options.now,
      lookbackSec: options.lookbackSec,
      maxCount: options.maxCount,
    });
    chosen = await unposted(recent);
    already = recent.length - chosen.length;
    if (already)
      deps.reporter.info(`${already} recent entr${already === 1 ? 'y was' : 'ies were'} already posted.`);
  } else {
    const young = youngEntries(entries, { now: options.now, maxAgeDays: options.maxAgeDays });
    const left = await unposted(young);
    already = young.length - left.length;
    const pick = selectRandom(left, {
      now: options.now,
      maxAgeDays: options.maxAgeDays,
      random: options.random ?? Math.random,
    });
    chosen = pick ? [pick] : [];
  }
  if (chosen.length === 0) {
    deps.reporter.info(
      `Nothing new to post from the feed (${entries.length} entries read${already ? `, ${already} already posted` : ''}).`,
    );
    return { posted: 0, errors: [] };
  }
  const errors: AgorasError[] = [];
  let posted = 0;
  const addresses = options.dryRun
    ? []
    : await kindsAllowedFrom(options.feedUrl, Boolean(options.allowPrivateMedia), source);
  for (const [index, entry] of chosen.entries()) {
    const made = entryToJob(entry, options.template);
    const job = { ...made, origin: { kind: 'feed' as const, ...made.origin, addresses } };
    if (options.dryRun) {
      deps.preview(job, entry);
      continue;
    }
    const reached = await deps.caps?.(job.mode);
    if (reached) {
      // The entries stay unposted in the ledger: the next run within their lookback posts them.
      const left = chosen.length - index;
      deps.reporter.warn(capStopLine(reached, left, 'feed entry', 'feed entries'));
      return { posted, errors, capStop: { left, reached } };
    }
    deps.reporter.step(`Posting “${entry.title}”`);
    try {
      if (
        (await postRecorded(keyOf(entry), entry.title, job, deps.post, deps.store, deps.reporter)) === TAKEN
      ) {
        deps.reporter.info(`“${entry.title}” was taken by another run meanwhile; not posted by this one.`);
      } else posted++;
    } catch (error) {
      errors.push(error as AgorasError);
      deps.reporter.warn(`Could not post “${entry.title}”: ${(error as Error).message}`);
      if (isCapRefusal(error)) {
        // Refused, so not posted: this entry and the rest stay for a later run.
        deps.reporter.warn(capRefusalLine(chosen.length - index, 'feed entry', 'feed entries'));
        break;
      }
    }
  }
  // The run's tally, so a log (cron mails, the wizard's screen) ends with what happened.
  if (!options.dryRun)
    deps.reporter.info(
      `Feed done: posted ${posted}, skipped ${chosen.length - posted} (failed or taken by another run), already posted ${already}.`,
    );
  return { posted, errors };
}
