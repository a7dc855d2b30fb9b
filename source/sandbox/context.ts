import type { ClientConfig } from './clients.js';
import type { Faults } from './faults.js';
import type { RateLimiter } from './rate-limit.js';
import type { PublishRecord, SandboxState, WebhookEvent } from './state.js';

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
