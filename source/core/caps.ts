import { RefusedError } from '../shared/errors.js';
import { formatDate, plural } from '../shared/format.js';
import type { PostRecord } from '../store/post-records.js';
import type { PostRecordStore } from '../store/state-store.js';

/**
 * TikTok's caps, known before the init from our own records: TikTok has no endpoint that says how
 * much is left. "About 15 posts a day per creator across all apps" is not a published figure, so
 * it is only the default of a setting; the 5 pending inbox drafts per 24 h is (shared/tiktok-api.md).
 */
export const DEFAULT_DAILY_POST_CAP = 15;
export const PENDING_DRAFT_CAP = 5;
export const CAP_WINDOW_MS = 24 * 60 * 60 * 1000;

/** What one account used of its caps in the last 24 h, by this machine's (or the fleet's) records. */
export interface CapUsage {
  posts: number;
  postCap: number;
  drafts: number;
  draftCap: number;
  /** When the oldest counted post / draft leaves the 24 h window (epoch ms), if any is counted. */
  postsFreeAt?: number;
  draftsFreeAt?: number;
}

/** A post or an inbox draft; records from before `mode` was kept are told by TikTok's publish ID shape. */
export function recordMode(record: PostRecord): 'direct' | 'inbox' {
  return record.mode ?? (/^[vp]_inbox_/.test(record.publishId) ? 'inbox' : 'direct');
}

/** When enough counted items leave the window for one more to fit under `cap` (times ascending). */
function freeAt(times: number[], cap: number): number | undefined {
  if (times.length === 0) return undefined;
  const index = Math.max(0, times.length - cap);
  return times[index]! + CAP_WINDOW_MS;
}

/**
 * Counts the last 24 h: every post TikTok accepted (a publish ID) and did not fail. An inbox draft
 * counts as pending for its 24 h: TikTok does not tell an app when the creator acts on it.
 */
export function capUsage(records: PostRecord[], now: number, postCap = DEFAULT_DAILY_POST_CAP): CapUsage {
  const since = now - CAP_WINDOW_MS;
  const counted = records
    .filter((r) => r.at > since && r.status?.status !== 'FAILED')
    .sort((a, b) => a.at - b.at);
  const posts = counted.filter((r) => recordMode(r) === 'direct').map((r) => r.at);
  const drafts = counted.filter((r) => recordMode(r) === 'inbox').map((r) => r.at);
  const usage: CapUsage = {
    posts: posts.length,
    postCap,
    drafts: drafts.length,
    draftCap: PENDING_DRAFT_CAP,
  };
  const p = freeAt(posts, postCap);
  const d = freeAt(drafts, PENDING_DRAFT_CAP);
  if (p !== undefined) usage.postsFreeAt = p;
  if (d !== undefined) usage.draftsFreeAt = d;
  return usage;
}

/** One more post (or draft) would reach past its cap: which one, and when there is room again. */
export interface CapReached {
  cap: 'posts' | 'drafts';
  usage: CapUsage;
  /** Epoch ms when the next one fits. */
  freeAt: number;
}

/** Whether one more post in `mode` stays within its cap; the cap reached otherwise. */
export function capReached(usage: CapUsage, mode: 'direct' | 'inbox', now: number): CapReached | undefined {
  if (mode === 'inbox' && usage.drafts >= usage.draftCap)
    return { cap: 'drafts', usage, freeAt: usage.draftsFreeAt ?? now };
  if (mode === 'direct' && usage.posts >= usage.postCap)
    return { cap: 'posts', usage, freeAt: usage.postsFreeAt ?? now };
  return undefined;
}

/** "posts in 24 h 12 · drafts pending 2 of 5", as `agoras accounts` shows it. */
export function usageLine(usage: CapUsage): string {
  return `posts in 24 h ${usage.posts} · drafts pending ${usage.drafts} of ${usage.draftCap}`;
}

/** When the next post fits, as agoras writes dates. */
export function freeAtWords(reached: CapReached): string {
  return formatDate(new Date(reached.freeAt));
}

/** The cap in words: "15 posts in 24 h (TikTok allows about 15 a day)". */
export function capWords(reached: CapReached): string {
  const { usage } = reached;
  return reached.cap === 'drafts'
    ? `${plural(usage.drafts, 'draft')} ${usage.drafts === 1 ? 'is' : 'are'} pending in the TikTok inbox (TikTok allows ${usage.draftCap} in 24 h)`
    : `${plural(usage.posts, 'post')} in the last 24 h (the daily cap is set at ${usage.postCap}; TikTok allows about 15 a day)`;
}

/** The refusal of a 6th pending draft: TikTok would answer spam_risk_too_many_pending_share. */
export function draftCapError(reached: CapReached): RefusedError {
  return new RefusedError(`Not sent: ${capWords(reached)}.`, {
    code: 'spam_risk_too_many_pending_share',
    hint: `finish or delete drafts in the TikTok app, or send it after ${freeAtWords(reached)}`,
  });
}

/** An account's usage, read from its records (across runners when the store is Redis). */
export async function usageOf(
  records: PostRecordStore,
  postCap = DEFAULT_DAILY_POST_CAP,
  now = Date.now(),
): Promise<CapUsage> {
  return capUsage(await records.list(), now, postCap);
}

/** Asked before each post of a feed or schedule run: the cap one more would reach, if any. */
export type CapCheck = (mode: 'direct' | 'inbox') => Promise<CapReached | undefined>;

/** The check a run makes on its account's records (the lock holder's view of the store). */
export function capCheck(records: PostRecordStore, postCap = DEFAULT_DAILY_POST_CAP): CapCheck {
  return async (mode) => {
    const now = Date.now();
    return capReached(await usageOf(records, postCap, now), mode, now);
  };
}

/** The line a run ends with when it stops before a cap: how many are left, and from when they fit. */
export function capStopLine(reached: CapReached, left: number, noun: string, nouns: string): string {
  const items = plural(left, noun, nouns);
  return `Stopped before TikTok's cap: ${capWords(reached)}. ${items} left for a later run, from ${freeAtWords(reached)}.`;
}

/** A run that stopped before a cap: how many items it left, and the cap. */
export interface CapStop {
  left: number;
  reached: CapReached;
}

/** TikTok's own refusals for a cap: after one, the rest of a run would be refused too. */
const CAP_CODES = ['spam_risk_too_many_posts', 'spam_risk_too_many_pending_share', 'reached_active_user_cap'];

/** True when TikTok refused because a cap is reached (the post was not created). */
export function isCapRefusal(error: unknown): boolean {
  return error instanceof RefusedError && CAP_CODES.includes(error.code ?? '');
}

/** The line a run ends with when TikTok itself refused for a cap. */
export function capRefusalLine(left: number, noun: string, nouns: string): string {
  return `TikTok refused for a cap it keeps; stopping here: ${plural(left, noun, nouns)} left for a later run.`;
}
