import type { Faults } from './faults.js';
import type { RateLimiter } from './rate-limit.js';
import type { PublishRecord, SandboxState } from './state.js';

/** The Content Posting events TikTok pushes to an app's webhook callback URL. */
export type PostEvent =
  | 'post.publish.complete'
  | 'post.publish.failed'
  | 'post.publish.inbox_delivered'
  | 'post.publish.publicly_available'
  | 'post.publish.no_longer_publicly_available';

/** Where publish milestones go (the webhooks, when an app has a callback URL). */
export interface PostEvents {
  emit(record: PublishRecord, event: PostEvent, content: Record<string, unknown>): void;
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
  /** http://127.0.0.1:PORT once listening. */
  baseUrl: string;
  /** Run fn after ms, on a timer that close() cancels. */
  later(ms: number, fn: () => void): void;
  /** In-flight pulls, aborted by close(). */
  pulls: Set<AbortController>;
}
