import { postJson } from './api.js';
import type { Http } from './http.js';
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

/** TikTok's Content Posting API for one account; every call goes through the session's token handling. */
export class TikTokClient {
  readonly #session: TokenSource;
  readonly #base: string;
  readonly #http: Http;

  readonly #signal: AbortSignal | undefined;

  constructor(session: TokenSource, apiBaseUrl: string, http: Http, signal?: AbortSignal) {
    this.#signal = signal;
    this.#session = session;
    this.#base = apiBaseUrl;
    this.#http = http;
  }

  /** The creator's nickname, allowed privacy levels, disabled interactions and max duration. */
  creatorInfo(): Promise<CreatorInfo> {
    return this.#session.call((t) =>
      postJson<CreatorInfo>(
        this.#base,
        '/v2/post/publish/creator_info/query/',
        t,
        undefined,
        this.#http.safe,
        this.#signal,
      ),
    );
  }

  /** Direct-post init; inits create a post, so they are only retried when TikTok surely did not act. */
  initVideo(post_info: VideoPostInfo, source_info: VideoSourceInfo): Promise<InitResult> {
    return this.#session.call((t) =>
      postJson<InitResult>(
        this.#base,
        '/v2/post/publish/video/init/',
        t,
        { post_info, source_info },
        this.#initDispatcher(source_info),
        this.#signal,
      ),
    );
  }

  /** A pull publishes as soon as it is accepted; an upload only once its bytes arrive. */
  #initDispatcher(source_info: VideoSourceInfo) {
    return source_info.source === 'FILE_UPLOAD' ? this.#http.create : this.#http.createOnce;
  }

  /** Upload as a draft to the creator's TikTok inbox. */
  initInbox(source_info: VideoSourceInfo): Promise<InitResult> {
    return this.#session.call((t) =>
      postJson<InitResult>(
        this.#base,
        '/v2/post/publish/inbox/video/init/',
        t,
        { source_info },
        this.#initDispatcher(source_info),
        this.#signal,
      ),
    );
  }

  initPhoto(body: PhotoInit): Promise<InitResult> {
    return this.#session.call((t) =>
      postJson<InitResult>(
        this.#base,
        '/v2/post/publish/content/init/',
        t,
        body,
        this.#http.createOnce,
        this.#signal,
      ),
    );
  }

  fetchStatus(publishId: string): Promise<StatusData> {
    return this.#session.call((t) =>
      postJson<StatusData>(
        this.#base,
        '/v2/post/publish/status/fetch/',
        t,
        { publish_id: publishId },
        this.#http.safe,
        this.#signal,
      ),
    );
  }
}
