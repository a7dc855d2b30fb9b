import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate, rateLimit } from './bearer.js';
import type { SandboxContext } from './context.js';
import { ApiError, invalidParams, sendData } from './http.js';
import { accountStats } from './post-stats.js';

/** The user object's fields and the scope each needs (TikTok's Get User Info reference). */
const FIELD_SCOPES: Record<string, string> = {
  open_id: 'user.info.basic',
  union_id: 'user.info.basic',
  avatar_url: 'user.info.basic',
  avatar_url_100: 'user.info.basic',
  avatar_large_url: 'user.info.basic',
  display_name: 'user.info.basic',
  bio_description: 'user.info.profile',
  profile_deep_link: 'user.info.profile',
  is_verified: 'user.info.profile',
  username: 'user.info.profile',
  follower_count: 'user.info.stats',
  following_count: 'user.info.stats',
  likes_count: 'user.info.stats',
  video_count: 'user.info.stats',
};

function userValues(ctx: SandboxContext): Record<string, unknown> {
  const { creator, open_id, union_id } = ctx.state;
  return {
    open_id,
    union_id,
    avatar_url: creator.creator_avatar_url,
    avatar_url_100: creator.creator_avatar_url,
    avatar_large_url: creator.creator_avatar_url,
    display_name: creator.creator_nickname,
    bio_description: '',
    profile_deep_link: `https://www.tiktok.com/@${creator.creator_username}`,
    is_verified: false,
    username: creator.creator_username,
    // The counts follow the public posts the sandbox holds and grow as their views do.
    ...accountStats(ctx.state, open_id),
  };
}

/**
 * GET /v2/user/info/?fields=…: the fields asked for, each only with its scope granted (asking for
 * `username` with user.info.basic alone is TikTok's 401 scope_not_authorized). Unknown field names are
 * ignored, like unknown fields elsewhere.
 */
export function handleUserInfo(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): void {
  const token = authenticate(ctx, req);
  const fields = (url.searchParams.get('fields') ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  if (fields.length === 0) throw invalidParams('fields is required.');
  const known = fields.filter((f) => f in FIELD_SCOPES);
  const missing = known.find((f) => !token.scopes.includes(FIELD_SCOPES[f]!));
  if (missing) {
    throw new ApiError(
      401,
      'scope_not_authorized',
      `The user did not authorize the scope required for completing this request (${FIELD_SCOPES[missing]} for ${missing}).`,
    );
  }
  rateLimit(ctx, token.token, 'user_info');
  const values = userValues(ctx);
  sendData(res, { user: Object.fromEntries(known.map((f) => [f, values[f]])) });
}
