import { setTimeout as sleep } from 'node:timers/promises';

/** TikTok's documented requests per access token per minute, by endpoint. */
export const TIKTOK_RATE_LIMITS = {
  '/v2/post/publish/video/init/': { limit: 6, what: 'posts' },
  '/v2/post/publish/inbox/video/init/': { limit: 6, what: 'drafts' },
  '/v2/post/publish/content/init/': { limit: 6, what: 'photo posts' },
  '/v2/post/publish/creator_info/query/': { limit: 20, what: 'account checks' },
  '/v2/post/publish/status/fetch/': { limit: 30, what: 'status checks' },
  // The Display API: 600 a minute (shared/tiktok-api.md).
  '/v2/video/query/': { limit: 600, what: 'stats checks' },
  '/v2/user/info/': { limit: 600, what: 'account stats checks' },
} as const;

export type RatedEndpoint = keyof typeof TIKTOK_RATE_LIMITS;

/** Told when a request waits for TikTok's window, in words for the user. */
export type WaitNotice = (message: string) => void;

/**
 * Sliding one-minute windows for one account, so that our own requests never exceed TikTok's
 * per-minute limits (TikTok answers 429 without Retry-After, and a run posting seven videos would
 * otherwise fail). A wait is announced in words: "TikTok allows 6 posts a minute: waiting 41 s".
 */
export class RateWindows {
  readonly #sent = new Map<RatedEndpoint, number[]>();
  readonly #windowMs: number;
  readonly #now: () => number;

  constructor(options: { windowMs?: number; now?: () => number } = {}) {
    this.#windowMs = options.windowMs ?? 60_000;
    this.#now = options.now ?? Date.now;
  }

  /** Milliseconds until one more request to the endpoint fits in its window (0: now). */
  waitFor(endpoint: RatedEndpoint): number {
    const now = this.#now();
    const recent = (this.#sent.get(endpoint) ?? []).filter((t) => t > now - this.#windowMs);
    this.#sent.set(endpoint, recent);
    if (recent.length < TIKTOK_RATE_LIMITS[endpoint].limit) return 0;
    return recent[0]! + this.#windowMs - now;
  }

  /** Waits (announcing it) until the endpoint's window has room, then counts the request. */
  async take(endpoint: RatedEndpoint, notice?: WaitNotice, signal?: AbortSignal): Promise<void> {
    for (let wait = this.waitFor(endpoint); wait > 0; wait = this.waitFor(endpoint)) {
      notice?.(waitMessage(endpoint, wait, this.#windowMs));
      await sleep(wait, undefined, { signal });
    }
    this.#sent.get(endpoint)!.push(this.#now());
  }

  /**
   * After TikTok said 429: how long to wait. Its Retry-After wins when given; else until our oldest
   * request in the window leaves it (or a whole window when we sent none: another app may share it).
   */
  afterRefusal(endpoint: RatedEndpoint, retryAfterMs?: number): number {
    if (retryAfterMs !== undefined) return retryAfterMs;
    const oldest = this.#sent.get(endpoint)?.[0];
    return oldest === undefined ? this.#windowMs : Math.max(1000, oldest + this.#windowMs - this.#now());
  }
}

/** "TikTok allows 6 posts a minute: waiting 41 s". */
export function waitMessage(endpoint: RatedEndpoint, waitMs: number, windowMs = 60_000): string {
  const { limit, what } = TIKTOK_RATE_LIMITS[endpoint];
  const per = windowMs === 60_000 ? 'a minute' : `per ${Math.round(windowMs / 1000)} s`;
  return `TikTok allows ${limit} ${what} ${per}: waiting ${Math.max(1, Math.ceil(waitMs / 1000))} s`;
}
