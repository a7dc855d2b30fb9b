import { type AgorasError, AuthError, NetworkError, RefusedError, UsageError } from '../shared/errors.js';
import { remoteText } from '../shared/sanitize.js';

/** Plain words for TikTok's API error codes. */
const CODE_MESSAGES: Record<string, string> = {
  spam_risk_too_many_posts:
    'TikTok says this account has posted too much today (about 15 posts a day across all apps).',
  spam_risk_user_banned_from_posting: 'TikTok has banned this account from posting.',
  spam_risk_too_many_pending_share: 'This account has too many posts still waiting in its TikTok inbox.',
  reached_active_user_cap: 'Your TikTok app has reached its daily cap of active users.',
  unaudited_client_can_only_post_to_private_accounts:
    "Your TikTok app is not audited yet: it can post only to a private TikTok account, as 'Only me'.",
  url_ownership_unverified: 'TikTok can only pull media from a domain you verified in your TikTok app.',
  privacy_level_option_mismatch: "The privacy level is not one this account's creator_info allows.",
  app_version_check_failed: 'TikTok refused this client version.',
  scope_not_authorized: 'The account did not grant the permission this action needs.',
  access_token_invalid: 'The access token is not valid any more.',
  rate_limit_exceeded: 'TikTok is rate-limiting this account; wait a minute and try again.',
  invalid_publish_id: 'TikTok does not know that publish ID.',
  token_not_authorized_for_specified_publish_id: 'That publish ID belongs to another TikTok account.',
};

/** Plain words for a FAILED status's fail_reason. */
export const FAIL_REASONS: Record<string, string> = {
  file_format_check_failed: 'TikTok could not read the file as MP4, MOV or WebM.',
  duration_check_failed: "The video is longer than this account's maximum duration.",
  frame_rate_check_failed: 'The video frame rate is not supported by TikTok (23–60 fps).',
  picture_size_check_failed: 'The picture size is not supported by TikTok (at most 1080p).',
  internal: 'TikTok had an internal error processing the post; try again later.',
  video_pull_failed: 'TikTok could not download the video from its URL.',
  photo_pull_failed: 'TikTok could not download one of the images from its URL.',
  publish_cancelled: 'The post was cancelled.',
  auth_removed: "The account removed this app's access while posting.",
  spam_risk_too_many_posts: CODE_MESSAGES.spam_risk_too_many_posts!,
  spam_risk_user_banned_from_posting: CODE_MESSAGES.spam_risk_user_banned_from_posting!,
  spam_risk_text: 'TikTok flagged the title as spam.',
  spam_risk: 'TikTok flagged the post as spam risk.',
};

/** Raised when TikTok says the access token is invalid: the session refreshes once and retries. */
export class AccessTokenInvalid extends AuthError {}

/**
 * TikTok's own words, as a message may quote them: one line, no control character, capped, and
 * anything shaped like a token masked (TikTok echoes request fields back in its errors).
 */
export function fromTikTok(text: string): string {
  return remoteText(text).replace(/\b(act|rft)\.[\w!*.~-]{8,}/g, '$1.••••');
}

/** TikTok's 429 / rate_limit_exceeded: the client waits its window out before giving up. */
export class RateLimited extends NetworkError {
  /** TikTok's Retry-After, when it sent one (it often does not). */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, retryAfterMs: number | undefined) {
    super(message, { hint: 'try again later' });
    this.retryAfterMs = retryAfterMs;
  }
}

/** Turns a TikTok API error (code, message, HTTP status) into an error with its exit code. */
export function apiError(
  rawCode: string,
  rawMessage: string,
  status: number,
  retryAfterMs?: number,
): AgorasError {
  const code = fromTikTok(rawCode);
  const message = fromTikTok(rawMessage);
  const words = CODE_MESSAGES[code];
  const detail = words ?? `TikTok answered ${status} ${code}${message ? `: ${message}` : ''}`;
  if (code === 'access_token_invalid') return new AccessTokenInvalid(detail, { fix: { kind: 'authorize' } });
  if (code === 'scope_not_authorized') return new AuthError(detail, { fix: { kind: 'authorize' } });
  // TikTok's docs say invalid_param; its servers answer invalid_params: both are a request to fix.
  if (code === 'invalid_param' || code === 'invalid_params')
    return new UsageError(`TikTok rejected the request: ${message || code}`);
  if (code === 'rate_limit_exceeded' || status === 429)
    return new RateLimited(`${CODE_MESSAGES.rate_limit_exceeded} (after waiting)`, retryAfterMs);
  if (status >= 500) {
    return new NetworkError(`${detail} (after retries)`, { hint: 'try again later' });
  }
  return new RefusedError(detail, { code });
}

/** The error for an OAuth token endpoint failure (flat body). */
export function oauthError(rawError: string, rawDescription: string, status: number): AgorasError {
  const error = fromTikTok(rawError);
  const description = fromTikTok(rawDescription);
  if (status >= 500 || status === 429 || error === 'server_error' || error === 'temporarily_unavailable') {
    return new NetworkError(`TikTok's login service failed (${error}) after retries.`, {
      hint: 'try again later',
    });
  }
  if (error === 'invalid_client') {
    return new AuthError('TikTok rejected the client key or client secret.', {
      fix: { kind: 'client-credentials' },
    });
  }
  if (error === 'invalid_grant') {
    return new AuthError(`TikTok refused the login: ${description || 'the token is expired or revoked'}.`, {
      fix: { kind: 'authorize' },
    });
  }
  return new AuthError(`TikTok's login failed: ${error}${description ? ` (${description})` : ''}.`, {
    fix: { kind: 'authorize' },
  });
}
