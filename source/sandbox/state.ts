import { type Hash, randomBytes } from 'node:crypto';
import type { CreatorInfo, PublishStatus } from './wire-types.js';

/** An authorization code handed to the redirect URI; single use, 10 minutes. */
export interface AuthCodeRecord {
  code: string;
  client_key: string;
  redirect_uri: string;
  scopes: string[];
  /** As the authorize request sent them: TikTok checks them at the token step, not on the page. */
  code_challenge: string;
  code_challenge_method: string;
  expires_at: number;
  used: boolean;
}

/** An authorize request waiting for the person to press Approve or Deny on the consent page. */
export interface ConsentRequest {
  id: string;
  client_key: string;
  redirect_uri: string;
  scopes: string[];
  state: string;
  code_challenge: string;
  code_challenge_method: string;
  expires_at: number;
}

export interface AccessTokenRecord {
  token: string;
  open_id: string;
  client_key: string;
  scopes: string[];
  expires_at: number;
  revoked: boolean;
  refresh_token: string;
}

export interface RefreshTokenRecord {
  token: string;
  open_id: string;
  client_key: string;
  scopes: string[];
  expires_at: number;
  revoked: boolean;
  access_token: string;
}

/** An app-level token from grant_type=client_credentials (no user behind it). */
export interface ClientTokenRecord {
  token: string;
  expires_at: number;
}

/** Server side of one FILE_UPLOAD: what has arrived so far, hashed as it streamed in. */
export interface UploadTask {
  upload_id: string;
  upload_token: string;
  publish_id: string;
  expires_at: number;
  video_size: number;
  chunk_size: number;
  total_chunk_count: number;
  received_bytes: number;
  chunks_received: number;
  content_type?: string;
  /** Running SHA-256 of the accepted chunks only. */
  hash: Hash;
  /** First bytes of the file (≤ 1 MiB) for the container and duration check. */
  head: Buffer;
  /** A chunk is streaming in right now; TikTok wants chunks one after another. */
  busy: boolean;
}

/** One pulled photo, as the sandbox received it. */
export interface PulledImage {
  url: string;
  bytes: number;
  sha256?: string;
  format?: 'jpeg' | 'png' | 'webp';
}

export type PublishKind = 'video' | 'inbox_video' | 'photo';

/** Everything TikTok would know about one publish_id: what was asked for and what arrived. */
export interface PublishRecord {
  publish_id: string;
  kind: PublishKind;
  open_id: string;
  /** The app that started it (webhooks go to that app's callback URL). */
  client_key: string;
  access_token: string;
  post_mode: 'DIRECT_POST' | 'MEDIA_UPLOAD';
  media_type: 'VIDEO' | 'PHOTO';
  /** post_info as the client sent it (unknown fields included). */
  post_info?: Record<string, unknown>;
  /**
   * The interaction settings the post really got: what the client asked, overridden to disabled where the
   * creator has switched the interaction off (TikTok overrides, it does not refuse).
   */
  interactions?: { disable_comment: boolean; disable_duet?: boolean; disable_stitch?: boolean };
  source_info: Record<string, unknown>;
  status: PublishStatus;
  fail_reason?: string;
  /**
   * Set once a public direct post has passed moderation: int64 ids kept as decimal strings. Until then
   * PUBLISH_COMPLETE comes with an empty list, as TikTok's does.
   */
  post_ids: string[];
  created_at: number;
  /** When it reached its final state (PUBLISH_COMPLETE, SEND_TO_USER_INBOX or FAILED). */
  completed_at?: number;
  /** A public post in moderation: when its id will be released (cleared once it is). */
  moderation_ends_at?: number;
  /** When the post became public (its id released): the Display API's numbers grow from here. */
  public_at?: number;
  upload_id?: string;
  uploaded_bytes: number;
  downloaded_bytes: number;
  /** SHA-256 (hex) of the whole video received or pulled, once complete. */
  sha256?: string;
  container?: 'mp4' | 'webm';
  duration_sec?: number;
  content_type?: string;
  images?: PulledImage[];
  /** Set by faults.failNextPublish: the final state will be FAILED with this reason. */
  forced_fail_reason?: string;
}

/** Every event TikTok's Content Posting webhooks send, and the one for a removed authorization. */
export type WebhookEvent =
  | 'post.publish.complete'
  | 'post.publish.failed'
  | 'post.publish.inbox_delivered'
  | 'post.publish.publicly_available'
  | 'post.publish.no_longer_publicly_available'
  | 'authorization.removed';

/** One event on its way to one callback URL, kept for GET <adminUrl>/state and the tests. */
export interface WebhookDelivery {
  id: string;
  url: string;
  event: WebhookEvent;
  /** The JSON body as sent (the same bytes on every attempt; each attempt is signed at its own time). */
  body: string;
  attempts: number;
  /** The backoff planned after each failed attempt, in ms (doubling). */
  waits: number[];
  /** pending: will be (re)tried; delivered: a 2xx came back; expired: 72 h of retries ran out. */
  state: 'pending' | 'delivered' | 'expired';
  /** The last answer: an HTTP status, or what went wrong on the way. */
  last_result?: number | string;
  created_at: number;
  /** A copy sent on purpose, as at-least-once delivery may (the webhookDuplicate fault). */
  duplicate?: boolean;
}

export type EndpointName =
  | 'authorize'
  | 'token'
  | 'revoke'
  | 'creator_info'
  | 'video_init'
  | 'inbox_init'
  | 'photo_init'
  | 'status'
  | 'upload'
  | 'user_info'
  | 'video_list'
  | 'video_query';

/** The sandbox's whole memory; tests read (and may tweak, e.g. expiry times) these maps directly. */
export interface SandboxState {
  open_id: string;
  /** The same user across one developer's apps (user/info's union_id). */
  union_id: string;
  /** The account is private (TikTok's account setting, not a post's privacy). */
  private_account: boolean;
  creator: CreatorInfo;
  codes: Map<string, AuthCodeRecord>;
  consents: Map<string, ConsentRequest>;
  accessTokens: Map<string, AccessTokenRecord>;
  refreshTokens: Map<string, RefreshTokenRecord>;
  clientTokens: Map<string, ClientTokenRecord>;
  publishes: Map<string, PublishRecord>;
  uploads: Map<string, UploadTask>;
  /** Every webhook delivery so far, with its attempts and outcome. */
  webhooks: WebhookDelivery[];
  requestCounts: Record<EndpointName, number>;
}

/** The creator the sandbox pretends to be, before SandboxOptions.creator overrides. */
export const DEFAULT_CREATOR: CreatorInfo = {
  creator_avatar_url: 'https://p16-sign.tiktokcdn.com/sandbox-avatar.jpeg',
  creator_username: 'sandbox.creator',
  creator_nickname: 'Sandbox Creator',
  privacy_level_options: ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'],
  comment_disabled: false,
  duet_disabled: false,
  stitch_disabled: false,
  max_video_post_duration_sec: 600,
};

/** What a private account offers instead of PUBLIC_TO_EVERYONE. */
export const PRIVATE_ACCOUNT_OPTIONS: CreatorInfo['privacy_level_options'] = [
  'FOLLOWER_OF_CREATOR',
  'MUTUAL_FOLLOW_FRIENDS',
  'SELF_ONLY',
];

function zeroCounts(): Record<EndpointName, number> {
  return {
    authorize: 0,
    token: 0,
    revoke: 0,
    creator_info: 0,
    video_init: 0,
    inbox_init: 0,
    photo_init: 0,
    status: 0,
    upload: 0,
    user_info: 0,
    video_list: 0,
    video_query: 0,
  };
}

/** A fresh, empty state for one creator (a private account offers the private privacy levels). */
export function createState(creator: Partial<CreatorInfo> = {}, privateAccount = false): SandboxState {
  const base = privateAccount
    ? { ...DEFAULT_CREATOR, privacy_level_options: PRIVATE_ACCOUNT_OPTIONS }
    : DEFAULT_CREATOR;
  return {
    // TikTok's open_id is an opaque per-app user id; one creator per sandbox keeps it stable.
    open_id: `-000${randomBytes(16).toString('hex')}`,
    union_id: `sbx.${randomBytes(16).toString('hex')}`,
    private_account: privateAccount,
    creator: { ...base, ...creator },
    codes: new Map(),
    consents: new Map(),
    accessTokens: new Map(),
    refreshTokens: new Map(),
    clientTokens: new Map(),
    publishes: new Map(),
    uploads: new Map(),
    webhooks: [],
    requestCounts: zeroCounts(),
  };
}

/** Forget everything but the creator and open_id (admin POST /reset). */
export function resetState(state: SandboxState): void {
  for (const map of [
    state.codes,
    state.consents,
    state.accessTokens,
    state.refreshTokens,
    state.clientTokens,
    state.publishes,
    state.uploads,
  ]) {
    map.clear();
  }
  state.webhooks.length = 0;
  state.requestCounts = zeroCounts();
}

/** A JSON-safe snapshot of the state (no hash objects or buffers) for GET /__sandbox/state. */
export function snapshotState(state: SandboxState): unknown {
  const uploads = [...state.uploads.values()].map(({ hash: _hash, head, ...rest }) => ({
    ...rest,
    head_bytes: head.length,
  }));
  return {
    open_id: state.open_id,
    union_id: state.union_id,
    private_account: state.private_account,
    creator: state.creator,
    codes: [...state.codes.values()],
    consents: [...state.consents.values()],
    access_tokens: [...state.accessTokens.values()],
    refresh_tokens: [...state.refreshTokens.values()],
    publishes: [...state.publishes.values()],
    uploads,
    webhooks: state.webhooks,
    request_counts: state.requestCounts,
  };
}
