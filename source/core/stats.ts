import type { STATS_SCOPES } from '../auth/authorize.js';
import type { VideoStats } from '../tiktok/display-replies.js';
import { clientFor, type Runtime } from './runtime.js';

export type { VideoStats } from '../tiktok/display-replies.js';

/**
 * How a post is doing, from TikTok's Display API: only with the scopes the person opted into at
 * authorize (video.list for a post's numbers, user.info.stats for followers). Without them, nothing
 * is asked and the front end says how to get them.
 */
export type StatsScope = (typeof STATS_SCOPES)[number];

/** Whether a saved account granted a stats scope. */
export async function grants(runtime: Runtime, username: string, scope: StatsScope): Promise<boolean> {
  return (await runtime.store.account(username))?.scopes.includes(scope) ?? false;
}

/** The numbers of an account's posts by post id; 'no-scope' when the account did not grant video.list. */
export async function postNumbers(
  runtime: Runtime,
  username: string,
  postIds: readonly string[],
  signal?: AbortSignal,
): Promise<Map<string, VideoStats> | 'no-scope'> {
  if (!(await grants(runtime, username, 'video.list'))) return 'no-scope';
  if (postIds.length === 0) return new Map();
  const client = await clientFor(username, runtime, signal);
  return new Map((await client.videoStats([...new Set(postIds)])).map((s) => [s.id, s]));
}

/** The account's follower count; 'no-scope' without user.info.stats. */
export async function followerCount(
  runtime: Runtime,
  username: string,
  signal?: AbortSignal,
): Promise<number | undefined | 'no-scope'> {
  if (!(await grants(runtime, username, 'user.info.stats'))) return 'no-scope';
  return (await clientFor(username, runtime, signal)).followerCount();
}

/** "12 345 views · 1 020 likes · 31 comments · 8 shares" (what TikTok gave; unknown counts left out). */
export function statsWords(stats: VideoStats): string {
  const parts: string[] = [];
  const add = (n: number | undefined, noun: string) => {
    if (n !== undefined) parts.push(`${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`);
  };
  add(stats.view_count, 'view');
  add(stats.like_count, 'like');
  add(stats.comment_count, 'comment');
  add(stats.share_count, 'share');
  return parts.join(' · ');
}
