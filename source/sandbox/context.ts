import type { ClientConfig, ClientSpec } from './clients.js';
import type { Faults } from './faults.js';
import type { RateLimiter } from './rate-limit.js';
import type { PublishRecord, SandboxState, WebhookEvent } from './state.js';
import type { CreatorInfo } from './wire-types.js';

/** The Content Posting events TikTok pushes to an app's webhook callback URL. */
export type PostEvent = Exclude<WebhookEvent, 'authorization.removed'>;

/** Where publish milestones and removed authorizations go (the webhooks, when an app has a callback URL). */
export interface PostEvents {
  emit(record: PublishRecord, event: PostEvent, content: Record<string, unknown>): void;
  /** reason as TikTok numbers it: 1 the user disconnected the app, 5 the developer revoked it. */
  authorizationRemoved(clientKey: string, openId: string, reason: number): void;
}

/** SandboxOptions with every default filled in. */
export interface ResolvedOptions {
  port: number;
  autoConsent: boolean;
  clientKey: string;
  clientSecret: string;
  accessTokenTtlSec: number;
  refreshTokenTtlSec: number;
  statusDelayMs: number;
  /** How long a public post's id is withheld after PUBLISH_COMPLETE (0: released with it). */
  moderationDelayMs: number;
  /** The first webhook retry waits this long, each next one twice as long (up to 10 minutes). */
  webhookRetryBaseMs: number;
  rateLimits: boolean;
  uploadUrlTtlSec: number;
  retryAfter: boolean;
  sparse: boolean;
  unaudited: boolean;
  privateAccount: boolean;
  dailyCaps: boolean;
}

/** What every handler needs: options, state, faults, and bookkeeping for background work. */
export interface SandboxContext {
  options: ResolvedOptions;
  state: SandboxState;
  faults: Faults;
  limiter: RateLimiter;
  events: PostEvents;
  /** The registered apps by client key: the default desktop one first, then any added. */
  clients: Map<string, ClientConfig>;
  /** http://127.0.0.1:PORT once listening. */
  baseUrl: string;
  /** Run fn after ms, on a timer that close() cancels. */
  later(ms: number, fn: () => void): void;
  /** In-flight pulls, aborted by close(). */
  pulls: Set<AbortController>;
}

export interface SandboxOptions {
  /** Port to listen on; default 0 (any free port). */
  port?: number;
  /** Address to listen on; default 127.0.0.1 (0.0.0.0 to be reached from outside a container). */
  host?: string;
  /**
   * The base URL clients reach the sandbox on, used in the URLs it hands out (upload_url, the printed
   * URLs). Default http://127.0.0.1:PORT (http://[::1]:PORT when listening on ::1).
   */
  publicUrl?: string;
  /** The authorize page redirects at once (302) instead of showing the consent page. */
  autoConsent?: boolean;
  /** The default app, a desktop one. Default: random 'sbxck_…' / 'sbxcs_…'. */
  clientKey?: string;
  clientSecret?: string;
  /** The default app's redirect URIs; default none (any loopback URI with a port). */
  redirectUris?: string[];
  /** The default app's webhook callback URLs; default none. */
  webhookUrls?: string[];
  /** The first retry of a failed webhook delivery waits this long, doubling each time; default 1000. */
  webhookRetryBaseMs?: number;
  /** Every webhook event is delivered twice (at-least-once, as TikTok warns); default false. */
  webhookDuplicate?: boolean;
  /** More apps beside the default one: desktop (PKCE, loopback) or web (https on its domain, no PKCE). */
  clients?: ClientSpec[];
  /** Default 7200 (2 h, TikTok's "Manage OAuth Access Tokens" as of Nov 2026; older pages said 24 h). */
  accessTokenTtlSec?: number;
  /** Default 15552000 (180 d; older pages said 365 d). */
  refreshTokenTtlSec?: number;
  /** How long a publish stays PROCESSING_* once everything arrived; default 1500. */
  statusDelayMs?: number;
  /**
   * How long a public post is in moderation after PUBLISH_COMPLETE, its id withheld
   * (`publicaly_available_post_id: []`) until then; default 10000 (TikTok: "usually within one minute").
   * 0 releases the id with the final status.
   */
  moderationDelayMs?: number;
  /** Overrides of the default creator (sandbox.creator, public account, nothing disabled, 600 s). */
  creator?: Partial<CreatorInfo>;
  /** Per-token rate limits (6 inits, 20 creator_info, 30 status a minute); default true. */
  rateLimits?: boolean;
  /** The length of those windows; default 60000 (shorter to rehearse a minute's limits quickly). */
  rateWindowMs?: number;
  /**
   * A 429 from those limits carries `Retry-After` (seconds until the window frees a slot). Default false:
   * TikTok documents only the status and `rate_limit_exceeded`, and its real replies come without one.
   */
  retryAfter?: boolean;
  /** Default 3600. */
  uploadUrlTtlSec?: number;
  /**
   * Status replies leave out `uploaded_bytes`, `downloaded_bytes` and `publicaly_available_post_id`, as
   * real TikTok replies can (`{"data":{"status":"PUBLISH_COMPLETE"}}`). Default false (every field sent).
   */
  sparse?: boolean;
  /**
   * Behave like an app TikTok has not audited yet: creator_info offers SELF_ONLY only, direct posts to a
   * public account are refused (`unaudited_client_can_only_post_to_private_accounts`), a private account
   * may post SELF_ONLY only, and the daily caps apply. Default false.
   */
  unaudited?: boolean;
  /**
   * The sandbox account is private: its privacy_level_options are FOLLOWER_OF_CREATOR,
   * MUTUAL_FOLLOW_FRIENDS, SELF_ONLY (unless `creator` says otherwise). Default false (a public account).
   */
  privateAccount?: boolean;
  /**
   * TikTok's daily caps per creator: about 15 direct posts in 24 h (`spam_risk_too_many_posts`) and 5
   * pending inbox shares (`spam_risk_too_many_pending_share`). Default: on when `unaudited`, else off.
   */
  dailyCaps?: boolean;
}
