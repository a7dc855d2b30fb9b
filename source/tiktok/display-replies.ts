/** The Display API's numbers of one post (video object fields; absent means TikTok did not say). */
export interface VideoStats {
  id: string;
  view_count?: number;
  like_count?: number;
  comment_count?: number;
  share_count?: number;
}

/** /v2/video/query/ takes at most 20 ids a call (shared/tiktok-api.md). */
export const DISPLAY_BATCH = 20;
export const VIDEO_STATS_FIELDS = 'id,view_count,like_count,comment_count,share_count';
const COUNTS = ['view_count', 'like_count', 'comment_count', 'share_count'] as const;

/** A count TikTok gave: a whole number ≥ 0; anything else is left out (unknown, never 0). */
function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/** `data.videos` of a video query, each with the counts it really carries. */
export function normalizeVideoStats(data: unknown): VideoStats[] {
  const videos = (data as { videos?: unknown })?.videos;
  if (!Array.isArray(videos)) return [];
  const out: VideoStats[] = [];
  for (const video of videos as Record<string, unknown>[]) {
    const id = video?.id;
    if (typeof id !== 'string' && typeof id !== 'number') continue;
    const stats: VideoStats = { id: String(id) };
    for (const key of COUNTS) {
      const n = count(video[key]);
      if (n !== undefined) stats[key] = n;
    }
    out.push(stats);
  }
  return out;
}

/** `data.user.follower_count` of user/info. */
export function normalizeFollowers(data: unknown): number | undefined {
  return count((data as { user?: { follower_count?: unknown } })?.user?.follower_count);
}
