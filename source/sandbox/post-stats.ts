import { createHash } from 'node:crypto';
import type { PublishRecord, SandboxState } from './state.js';

/** A public post's numbers as the Display API reports them. */
export interface PostStats {
  view_count: number;
  like_count: number;
  comment_count: number;
  share_count: number;
}

/** Four fixed rates per post, drawn from its id: two posts do not grow alike, one post always the same. */
function rates(postId: string): { views: number; likes: number; comments: number; shares: number } {
  const h = createHash('sha256').update(postId).digest();
  const unit = (i: number) => h.readUInt16BE(i) / 65_536;
  return {
    views: 2 + unit(0) * 28, // 2-30 views a minute
    likes: 0.04 + unit(2) * 0.12, // 4-16 % of viewers like
    comments: 0.005 + unit(4) * 0.02,
    shares: 0.002 + unit(6) * 0.01,
  };
}

/**
 * The numbers of a public post `now`: they start at 0 when moderation releases it and only grow, at a
 * pace of its own, so a client polling them sees them change over minutes. A post not public has none.
 */
export function postStats(record: PublishRecord, now = Date.now()): PostStats {
  if (record.public_at === undefined || record.post_ids.length === 0) {
    return { view_count: 0, like_count: 0, comment_count: 0, share_count: 0 };
  }
  const r = rates(record.post_ids[0]!);
  const views = Math.floor((Math.max(0, now - record.public_at) / 60_000) * r.views);
  return {
    view_count: views,
    like_count: Math.floor(views * r.likes),
    comment_count: Math.floor(views * r.comments),
    share_count: Math.floor(views * r.shares),
  };
}

/** The creator's public posts (moderation passed), newest first. */
export function publicPosts(state: SandboxState, openId: string): PublishRecord[] {
  return [...state.publishes.values()]
    .filter((r) => r.open_id === openId && r.public_at !== undefined && r.post_ids.length > 0)
    .sort((a, b) => b.public_at! - a.public_at!);
}

/** The account's numbers for user.info.stats: followers and likes follow its posts' views. */
export function accountStats(
  state: SandboxState,
  openId: string,
  now = Date.now(),
): { follower_count: number; following_count: number; likes_count: number; video_count: number } {
  const posts = publicPosts(state, openId);
  const stats = posts.map((p) => postStats(p, now));
  const views = stats.reduce((n, s) => n + s.view_count, 0);
  return {
    follower_count: Math.floor(views / 25),
    following_count: 0,
    likes_count: stats.reduce((n, s) => n + s.like_count, 0),
    video_count: posts.length,
  };
}
