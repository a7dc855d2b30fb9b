import { setTimeout as sleep } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import { RefusedError } from '../shared/errors.js';
import type { Http } from '../shared/http.js';
import { remoteText } from '../shared/sanitize.js';
import { postJson } from './api.js';
import {
  DISPLAY_BATCH,
  normalizeFollowers,
  normalizeVideoStats,
  VIDEO_STATS_FIELDS,
  type VideoStats,
} from './display-replies.js';
import { RateLimited } from './errors.js';
import type { RatedEndpoint, RateWindows, WaitNotice } from './rate-windows.js';
import { normalizeCreator, normalizeStatus } from './replies.js';
import type { CreatorInfo, StatusData } from './types.js';

/** Where the client gets an access token: a call runs with a valid one (auth's Session implements it). */
export interface TokenSource {
  call<T>(fn: (accessToken: string) => Promise<T>): Promise<T>;
}

export interface VideoPostInfo {
  title: string;
  privacy_level: string;
  disable_duet: boolean;
  disable_comment: boolean;
  disable_stitch: boolean;
  brand_content_toggle: boolean;
  brand_organic_toggle: boolean;
  video_cover_timestamp_ms?: number;
  is_aigc?: boolean;
}

export type VideoSourceInfo =
  | { source: 'FILE_UPLOAD'; video_size: number; chunk_size: number; total_chunk_count: number }
  | { source: 'PULL_FROM_URL'; video_url: string };

export interface PhotoInit {
  post_info: {
    title: string;
    description?: string;
    privacy_level: string;
    disable_comment: boolean;
    auto_add_music: boolean;
    brand_content_toggle: boolean;
    brand_organic_toggle: boolean;
  };
  source_info: { source: 'PULL_FROM_URL'; photo_images: string[]; photo_cover_index: number };
  post_mode: 'DIRECT_POST' | 'MEDIA_UPLOAD';
  media_type: 'PHOTO';
}

export interface InitResult {
  publish_id: string;
  upload_url?: string;
}

/** How a client paces itself: the account's windows, where to announce a wait, and the abort signal. */
export interface ClientOptions {
  signal?: AbortSignal;
  windows?: RateWindows;
  onWait?: WaitNotice;
}

/** How many times a 429 is waited out before the run gives up (exit 5). */
const RATE_LIMIT_TRIES = 3;

/** TikTok's Content Posting API for one account; every call goes through the session's token handling. */
export class TikTokClient {
  readonly #session: TokenSource;
  readonly #base: string;
  readonly #http: Http;
  readonly #options: ClientOptions;

  constructor(session: TokenSource, apiBaseUrl: string, http: Http, options: ClientOptions = {}) {
    this.#session = session;
    this.#base = apiBaseUrl;
    this.#http = http;
    this.#options = options;
  }

  /**
   * One API call within TikTok's per-minute windows: waits for room first, and after a 429 waits
   * for the window (or TikTok's Retry-After) and tries again, a few times at most.
   */
  async #post<T>(
    path: RatedEndpoint,
    body: unknown,
    dispatcher: Dispatcher,
    how: { query?: string; method?: 'GET' } = {},
  ): Promise<T> {
    const { windows, onWait, signal } = this.#options;
    const target = `${path}${how.query ?? ''}`;
    for (let attempt = 1; ; attempt++) {
      await windows?.take(path, onWait, signal);
      try {
        return await this.#session.call((t) =>
          postJson<T>(this.#base, target, t, body, dispatcher, signal, how.method),
        );
      } catch (error) {
        if (!(error instanceof RateLimited) || attempt >= RATE_LIMIT_TRIES) throw error;
        const wait = windows?.afterRefusal(path, error.retryAfterMs) ?? error.retryAfterMs ?? 60_000;
        onWait?.(`TikTok asked to slow down: waiting ${Math.max(1, Math.ceil(wait / 1000))} s`);
        await sleep(wait, undefined, { signal });
      }
    }
  }

  /** The creator's nickname, allowed privacy levels, disabled interactions and max duration. */
  async creatorInfo(): Promise<CreatorInfo> {
    const raw = await this.#post<Partial<CreatorInfo>>(
      '/v2/post/publish/creator_info/query/',
      undefined,
      this.#http.safe,
    );
    const info = normalizeCreator(raw);
    // Names are shown on terminals and saved: no control character, no screenful.
    return {
      ...info,
      creator_nickname: remoteText(info.creator_nickname, 100),
      creator_username: remoteText(info.creator_username, 100),
    };
  }

  /** Direct-post init; inits create a post, so they are only retried when TikTok surely did not act. */
  initVideo(post_info: VideoPostInfo, source_info: VideoSourceInfo): Promise<InitResult> {
    return this.#init('/v2/post/publish/video/init/', { post_info, source_info }, source_info);
  }

  /** Upload as a draft to the creator's TikTok inbox. */
  initInbox(source_info: VideoSourceInfo): Promise<InitResult> {
    return this.#init('/v2/post/publish/inbox/video/init/', { source_info }, source_info);
  }

  initPhoto(body: PhotoInit): Promise<InitResult> {
    return this.#init('/v2/post/publish/content/init/', body);
  }

  /** A pull (or a photo) publishes as soon as it is accepted; an upload only once its bytes arrive. */
  async #init(path: RatedEndpoint, body: unknown, source_info?: VideoSourceInfo): Promise<InitResult> {
    const dispatcher = source_info?.source === 'FILE_UPLOAD' ? this.#http.create : this.#http.createOnce;
    const init = await this.#post<Partial<InitResult>>(path, body, dispatcher);
    if (typeof init.publish_id !== 'string' || init.publish_id === '')
      throw new RefusedError('TikTok accepted the post without a publish ID.');
    return {
      publish_id: init.publish_id,
      ...(typeof init.upload_url === 'string' && init.upload_url ? { upload_url: init.upload_url } : {}),
    };
  }

  /** The numbers of the creator's own public posts (Display API, scope video.list), 20 ids a call. */
  async videoStats(postIds: readonly string[]): Promise<VideoStats[]> {
    const out: VideoStats[] = [];
    for (let i = 0; i < postIds.length; i += DISPLAY_BATCH) {
      const data = await this.#post<unknown>(
        '/v2/video/query/',
        { filters: { video_ids: postIds.slice(i, i + DISPLAY_BATCH) } },
        this.#http.safe,
        { query: `?fields=${VIDEO_STATS_FIELDS}` },
      );
      out.push(...normalizeVideoStats(data));
    }
    return out;
  }

  /** The creator's follower count (scope user.info.stats); undefined when TikTok leaves it out. */
  async followerCount(): Promise<number | undefined> {
    const data = await this.#post<unknown>('/v2/user/info/', undefined, this.#http.safe, {
      query: '?fields=follower_count',
      method: 'GET',
    });
    return normalizeFollowers(data);
  }

  async fetchStatus(publishId: string): Promise<StatusData> {
    const raw = await this.#post<Partial<StatusData>>(
      '/v2/post/publish/status/fetch/',
      { publish_id: publishId },
      this.#http.safe,
    );
    return normalizeStatus(raw);
  }
}
