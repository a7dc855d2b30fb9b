import type { Faults } from './faults.js';
import type { RateLimiter } from './rate-limit.js';
import type { SandboxState } from './state.js';
import type { CreatorInfo } from './wire-types.js';

/** SandboxOptions with every default filled in. */
export interface ResolvedOptions {
  port: number;
  autoConsent: boolean;
  clientKey: string;
  clientSecret: string;
  accessTokenTtlSec: number;
  refreshTokenTtlSec: number;
  statusDelayMs: number;
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
  /** http://127.0.0.1:PORT once listening. */
  baseUrl: string;
  /** Run fn after ms, on a timer that close() cancels. */
  later(ms: number, fn: () => void): void;
  /** In-flight pulls, aborted by close(). */
  pulls: Set<AbortController>;
}

export interface SandboxOptions {
  /** Port on 127.0.0.1; default 0 (any free port). */
  port?: number;
  /** The authorize page redirects at once (302) instead of showing the consent page. */
  autoConsent?: boolean;
  /** Default: random 'sbxck_…' / 'sbxcs_…'. */
  clientKey?: string;
  clientSecret?: string;
  /** Default 86400. */
  accessTokenTtlSec?: number;
  /** Default 31536000. */
  refreshTokenTtlSec?: number;
  /** How long a publish stays PROCESSING_* once everything arrived; default 1500. */
  statusDelayMs?: number;
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
