import type { Faults } from './faults.js';
import type { RateLimiter } from './rate-limit.js';
import type { SandboxState } from './state.js';

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
  verifiedPrefixes: string[];
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
