/** Which per-token quota a request counts against: TikTok lists a limit per endpoint. */
export type RateBucket =
  | 'video_init'
  | 'inbox_init'
  | 'photo_init'
  | 'creator_info'
  | 'status'
  | 'user_info'
  | 'video_list'
  | 'video_query';

/**
 * Requests per access token per sliding 60 s, from TikTok's Content Posting API pages and its API rate
 * limit page (600 a minute for each Display API endpoint).
 */
export const RATE_LIMITS: Record<RateBucket, number> = {
  video_init: 6,
  inbox_init: 6,
  photo_init: 6,
  creator_info: 20,
  status: 30,
  user_info: 600,
  video_list: 600,
  video_query: 600,
};

/** Sliding-window counters keyed by access token and bucket. */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly enabled: boolean,
    private readonly windowMs = 60_000,
  ) {}

  /** Count a request; returns seconds to wait when it is over the limit (and then does not count it). */
  hit(token: string, bucket: RateBucket, now = Date.now()): number | undefined {
    if (!this.enabled) return undefined;
    const key = `${bucket}\u0000${token}`;
    const recent = (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (recent.length >= RATE_LIMITS[bucket]) {
      this.hits.set(key, recent);
      return Math.max(1, Math.ceil((recent[0]! + this.windowMs - now) / 1000));
    }
    recent.push(now);
    this.hits.set(key, recent);
    return undefined;
  }

  /** Forget all windows. */
  reset(): void {
    this.hits.clear();
  }
}
