import { Agent, type Dispatcher, EnvHttpProxyAgent, interceptors, RetryAgent } from 'undici';
import type { AddressKind } from './address.js';
import { UsageError } from './errors.js';
import { guardedLookup, literalGuard, pinnedLookup } from './http-guard.js';

/** Error codes that mean the request never reached the server, so any method may be retried. */
const NEVER_SENT = ['ECONNREFUSED', 'ENOTFOUND', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT'];
/** Error codes after which the server may or may not have acted on the request. */
const MAYBE_SENT = [
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
];
/**
 * Statuses by which the server says it did not do the work: safe to send again. 429 is not among
 * them: TikTok's limits are per minute, so the client waits its window out (tiktok/rate-windows.ts)
 * rather than retrying within seconds.
 */
const RETRY_STATUSES = [500, 502, 503, 504];

export interface HttpOptions {
  /** Per-request headers/body timeout. */
  timeoutMs?: number;
  /** Retries after the first attempt. */
  maxRetries?: number;
  /** First backoff delay; doubles each try, with full jitter. */
  retryBaseMs?: number;
  /** Cap for one wait, Retry-After included. */
  retryMaxMs?: number;
}

/** The retry bounds the dispatchers use, for retries a reply's body asks for (a 200 that says it failed). */
export interface RetryPolicy {
  maxRetries: number;
  baseMs: number;
  maxMs: number;
}

/** The dispatchers every HTTP call uses: proxies from the environment, timeouts, and retries. */
export interface Http {
  retry: RetryPolicy;
  /**
   * For calls that change nothing (status, creator_info): retried on 5xx and lost connections.
   */
  safe: Dispatcher;
  /**
   * For OAuth token and revoke calls: like `safe`, and a 429 is retried too (honouring Retry-After).
   * A refresh lost after TikTok rotated cannot be saved either way; a resent one at least succeeds
   * when the first never arrived.
   */
  token: Dispatcher;
  /** For FILE_UPLOAD inits: a second init publishes nothing until bytes arrive, so 5xx/429 are retried too. */
  create: Dispatcher;
  /**
   * For inits that publish by themselves (photos, PULL_FROM_URL): retried only when TikTok surely did
   * nothing — 503, or a request that never left. A 500/502/504 may hide a created post.
   */
  createOnce: Dispatcher;
  /** No retries: uploads handle their own resume from the server's Content-Range. */
  plain: Dispatcher;
  /** For fetching media and feeds from users' URLs: follows a few redirects. */
  media: Dispatcher;
  /**
   * The same for media a feed or a sheet names: refuses loopback, link-local and private addresses
   * (but the kinds in `allowed`) after DNS resolution and on every redirect. Behind a proxy, which
   * resolves names itself, only literal addresses and localhost are checked.
   */
  guarded(allowed: readonly AddressKind[]): Dispatcher;
  /**
   * Like `media`, with `host` pinned to addresses resolved once before (a feed's, whose address
   * also decides where its media may be). Behind a proxy, which resolves names itself: `media`.
   */
  pinned(host: string, addresses: readonly { address: string; family: number }[]): Dispatcher;
  /** The first backoff delay these dispatchers use: uploads, which retry on their own, wait alike. */
  retryBaseMs?: number;
  close(): Promise<void>;
}

/** Reads timeouts and retry bounds from the environment (documented in README) over the defaults. */
export function httpOptionsFromEnv(env: NodeJS.ProcessEnv): HttpOptions {
  const num = (name: string) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || (name.endsWith('_MS') && value === 0)) {
      throw new UsageError(
        `${name} must be a whole number${name.endsWith('_MS') ? ' of milliseconds above 0' : ''}, not '${raw}'.`,
      );
    }
    return value;
  };
  return {
    timeoutMs: num('AGORAS_HTTP_TIMEOUT_MS'),
    maxRetries: num('AGORAS_HTTP_RETRIES'),
    retryBaseMs: num('AGORAS_RETRY_BASE_MS'),
  };
}

/** Builds the dispatchers on one connection pool, using undici's RetryHandler with our policy. */
export function createHttp(options: HttpOptions = {}): Http {
  const timeout = options.timeoutMs ?? 30_000;
  const base: Dispatcher = hasProxyEnv()
    ? new EnvHttpProxyAgent({ headersTimeout: timeout, bodyTimeout: timeout })
    : new Agent({ headersTimeout: timeout, bodyTimeout: timeout, connect: { timeout } });
  const retrying = (retryableCodes: string[], statusCodes = RETRY_STATUSES) =>
    new RetryAgent(base, {
      maxRetries: options.maxRetries ?? 4,
      minTimeout: options.retryBaseMs ?? 500,
      maxTimeout: options.retryMaxMs ?? 30_000,
      methods: ['GET', 'HEAD', 'POST', 'PUT'],
      statusCodes,
      errorCodes: retryableCodes,
      throwOnError: false,
      retry: jitteredRetry,
    });
  const redirects = interceptors.redirect({ maxRedirections: 5 });
  const guarded = new Map<string, { agent: Dispatcher; dispatcher: Dispatcher }>();
  const pinnedAgents: Dispatcher[] = [];
  return {
    retry: {
      maxRetries: options.maxRetries ?? 4,
      baseMs: options.retryBaseMs ?? 500,
      maxMs: options.retryMaxMs ?? 30_000,
    },
    safe: retrying([...NEVER_SENT, ...MAYBE_SENT]),
    token: retrying([...NEVER_SENT, ...MAYBE_SENT], [429, ...RETRY_STATUSES]),
    create: retrying(NEVER_SENT),
    createOnce: retrying(NEVER_SENT, [503]),
    plain: base,
    media: base.compose(redirects),
    retryBaseMs: options.retryBaseMs ?? 500,
    guarded(allowed) {
      const key = [...allowed].sort().join(',');
      let entry = guarded.get(key);
      if (!entry) {
        const agent = hasProxyEnv()
          ? new EnvHttpProxyAgent({ headersTimeout: timeout, bodyTimeout: timeout })
          : new Agent({
              headersTimeout: timeout,
              bodyTimeout: timeout,
              connect: { timeout, lookup: guardedLookup(allowed) },
            });
        entry = { agent, dispatcher: agent.compose(literalGuard(allowed), redirects) };
        guarded.set(key, entry);
      }
      return entry.dispatcher;
    },
    pinned(host, addresses) {
      if (hasProxyEnv()) return base.compose(redirects);
      const agent = new Agent({
        headersTimeout: timeout,
        bodyTimeout: timeout,
        connect: { timeout, lookup: pinnedLookup(host, addresses) },
      });
      pinnedAgents.push(agent);
      return agent.compose(redirects);
    },
    close: async () => {
      await Promise.all([
        base.close(),
        ...[...guarded.values()].map((g) => g.agent.close()),
        ...pinnedAgents.map((a) => a.close()),
      ]);
    },
  };
}

function hasProxyEnv(): boolean {
  const env = process.env;
  return Boolean(env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy);
}

type RetryFn = NonNullable<ConstructorParameters<typeof RetryAgent>[1]>['retry'];

/** undici's retry decision with full jitter on the backoff, and Retry-After honoured (capped). */
const jitteredRetry: RetryFn = (err, { state, opts }, cb) => {
  const { statusCode, code, headers } = err as Error & {
    statusCode?: number;
    code?: string;
    headers?: Record<string, string>;
  };
  const retry = opts.retryOptions!;
  if (code && code !== 'UND_ERR_REQ_RETRY' && !retry.errorCodes!.includes(code)) return cb(err);
  if (statusCode != null && !retry.statusCodes!.includes(statusCode)) return cb(err);
  if (state.counter > retry.maxRetries!) return cb(err);
  const retryAfter = parseRetryAfter(headers?.['retry-after']);
  const ceiling = Math.min(retry.minTimeout! * 2 ** (state.counter - 1), retry.maxTimeout!);
  const wait = retryAfter !== undefined ? Math.min(retryAfter, retry.maxTimeout!) : Math.random() * ceiling;
  setTimeout(() => cb(null), wait);
};

/** Retry-After in seconds or as an HTTP date, in milliseconds. */
export function parseRetryAfter(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
