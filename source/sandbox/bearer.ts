import type { IncomingMessage } from 'node:http';
import type { SandboxContext } from './context.js';
import { ApiError, mediaType, readSmallBody } from './http.js';
import type { RateBucket } from './rate-limit.js';
import type { AccessTokenRecord } from './state.js';

export interface ApiRequest {
  token: AccessTokenRecord;
  /** Parsed JSON body; undefined when the body was empty. */
  body: unknown;
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
  if (!options.scopes.some((s) => token.scopes.includes(s))) {
    throw new ApiError(
      401,
      'scope_not_authorized',
      `The user did not authorize the scope ${options.scopes.join(' or ')}.`,
    );
  }
  const wait = ctx.limiter.hit(token.token, options.bucket);
  if (wait !== undefined) {
    throw new ApiError(429, 'rate_limit_exceeded', 'The API rate limit was exceeded.', {
      'Retry-After': String(wait),
    });
  }
  if (mediaType(req) !== 'application/json') {
    throw new ApiError(400, 'invalid_param', 'Content-Type must be application/json; charset=UTF-8.');
  }
  const raw = (await readSmallBody(req)).toString('utf8');
  if (raw.trim() === '') return { token, body: undefined };
  try {
    return { token, body: JSON.parse(raw) };
  } catch {
    throw new ApiError(400, 'invalid_param', 'The request body is not valid JSON.');
  }
}
