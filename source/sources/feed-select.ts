import type { BrandOptions, PhotoJob, PostJob, PrivacyLevel, VideoJob } from '../shared/post-job.js';
import type { FeedEntry } from './feed-entry.js';
import { truncateUtf16 } from './feed-text.js';

/** Feed clocks drift; an entry dated this far ahead of us still counts as published now. */
export const FUTURE_SKEW_MS = 5 * 60_000;

const VIDEO_TITLE_MAX = 2200;
const PHOTO_TITLE_MAX = 90;
const PHOTO_DESCRIPTION_MAX = 4000;
const PHOTO_IMAGES_MAX = 4;

/** Post settings that come from flags, not from the feed. */
export interface JobTemplate {
  privacy: PrivacyLevel;
  allowComments: boolean;
  allowDuet: boolean;
  allowStitch: boolean;
  autoAddMusic: boolean;
  brand: BrandOptions;
  source: VideoJob['source'];
  mode: VideoJob['mode'];
}

/** True when the entry carries something TikTok can post: a video, or at least one image. */
export function isPostable(entry: FeedEntry): boolean {
  return entry.videos.length > 0 || entry.images.length > 0;
}

/** Published no earlier than `since` and not in the future beyond the skew. Undated never is. */
function publishedBetween(
  entry: FeedEntry,
  since: number,
  now: number,
): entry is FeedEntry & { published: Date } {
  const at = entry.published?.getTime();
  return at !== undefined && at >= since && at <= now + FUTURE_SKEW_MS;
}

/**
 * last-from-feed: postable entries published in [now − lookback, now + skew], newest first,
 * at most maxCount. An entry exactly lookbackSec old is included; one second older is not.
 */
export function selectLast(
  entries: readonly FeedEntry[],
  opts: { now: Date; lookbackSec: number; maxCount: number },
): FeedEntry[] {
  const now = opts.now.getTime();
  const since = now - opts.lookbackSec * 1000;
  return entries
    .filter((e) => isPostable(e) && publishedBetween(e, since, now))
    .sort((a, b) => b.published!.getTime() - a.published!.getTime())
    .slice(0, Math.max(0, Math.floor(opts.maxCount)));
}

/**
 * random-from-feed: one postable entry at most maxAgeDays old (exactly maxAgeDays is allowed),
 * chosen with `random` (a () => [0, 1) function, seeded in tests), or undefined when none fits.
 */
export function selectRandom(
  entries: readonly FeedEntry[],
  opts: { now: Date; maxAgeDays: number; random: () => number },
): FeedEntry | undefined {
  const pool = youngEntries(entries, opts);
  if (pool.length === 0) return undefined;
  const index = Math.min(pool.length - 1, Math.floor(opts.random() * pool.length));
  return pool[index];
}

/** Postable entries not older than maxAgeDays (and not from the future). */
export function youngEntries(
  entries: readonly FeedEntry[],
  opts: { now: Date; maxAgeDays: number },
): FeedEntry[] {
  const now = opts.now.getTime();
  const since = now - opts.maxAgeDays * 86_400_000;
  return entries.filter((e) => isPostable(e) && publishedBetween(e, since, now));
}

/** Turns a postable feed entry into a PostJob: a video when it has one, else a photo slideshow. */
export function entryToJob(entry: FeedEntry, template: JobTemplate): PostJob {
  const origin = { kind: 'feed' as const, key: entry.key, label: entry.title };
  const common = {
    privacy: template.privacy,
    allowComments: template.allowComments,
    brand: { ...template.brand },
    mode: template.mode,
    origin,
  };
  const video = entry.videos[0];
  if (video !== undefined) {
    const job: VideoJob = {
      ...common,
      kind: 'video',
      media: video,
      title: truncateUtf16(entry.title, VIDEO_TITLE_MAX),
      allowDuet: template.allowDuet,
      allowStitch: template.allowStitch,
      source: template.source,
    };
    return job;
  }
  if (entry.images.length === 0) {
    throw new Error(`Feed entry "${entry.title}" has no video or image; filter with isPostable first.`);
  }
  const job: PhotoJob = {
    ...common,
    kind: 'photo',
    images: entry.images.slice(0, PHOTO_IMAGES_MAX),
    title: truncateUtf16(entry.title, PHOTO_TITLE_MAX),
    autoAddMusic: template.autoAddMusic,
  };
  if (entry.title) job.description = truncateUtf16(entry.title, PHOTO_DESCRIPTION_MAX);
  return job;
}
