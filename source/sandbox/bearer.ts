import type { IncomingMessage } from 'node:http';
import type { SandboxContext } from './context.js';
import { ApiError, invalidParams, mediaType, readSmallBody } from './http.js';
import type { RateBucket } from './rate-limit.js';
import type { AccessTokenRecord } from './state.js';

export interface ApiRequest {
  token: AccessTokenRecord;
  /** Parsed JSON body; undefined when the body was empty. */
  body: unknown;
}

/** The access token a request bears, or 401 access_token_invalid. */
export function authenticate(ctx: SandboxContext, req: IncomingMessage): AccessTokenRecord {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer (\S+)$/.exec(header);
  const token = match ? ctx.state.accessTokens.get(match[1]!) : undefined;
  if (!token || token.revoked || token.expires_at <= Date.now()) {
    throw new ApiError(
      401,
      'access_token_invalid',
      'The access token is invalid or not found in the request.',
    );
  }
  return token;
}

/** Count a request against its per-token window, or 429 rate_limit_exceeded when it is full. */
export function rateLimit(ctx: SandboxContext, token: string, bucket: RateBucket): void {
  const wait = ctx.limiter.hit(token, bucket);
  if (wait === undefined) return;
  // TikTok sends no Retry-After: a client has to know the per-minute windows. The option adds one.
  const headers: Record<string, string> = ctx.options.retryAfter ? { 'Retry-After': String(wait) } : {};
  throw new ApiError(
    429,
    'rate_limit_exceeded',
    'The API rate limit was exceeded. Please try again later.',
    headers,
  );
}

/**
 * The checks every Content Posting call goes through, in TikTok's order: token, scope, rate limit,
 * Content-Type, JSON.
 */
export async function readApiRequest(
  ctx: SandboxContext,
  req: IncomingMessage,
  options: { scopes: string[]; bucket: RateBucket },
): Promise<ApiRequest> {
  const token = authenticate(ctx, req);
  if (!options.scopes.some((s) => token.scopes.includes(s))) {
    throw new ApiError(
      401,
      'scope_not_authorized',
      `The user did not authorize the scope ${options.scopes.join(' or ')}.`,
    );
  }
  rateLimit(ctx, token.token, options.bucket);
  // Parameters after the media type (charset=UTF-8 or none, any case) do not matter.
  if (mediaType(req) !== 'application/json') {
    throw invalidParams('Content-Type must be application/json; charset=UTF-8.');
  }
  const raw = (await readSmallBody(req)).toString('utf8');
  if (raw.trim() === '') return { token, body: undefined };
  try {
    return { token, body: JSON.parse(raw) };
  } catch {
    throw invalidParams('The request body is not valid JSON.');
  }
}
