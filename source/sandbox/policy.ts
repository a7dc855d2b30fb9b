import type { SandboxContext } from './context.js';
import { ApiError } from './http.js';
import type { AccessTokenRecord, PublishRecord } from './state.js';
import type { CreatorInfo } from './wire-types.js';

/** TikTok's cap on direct posts per creator in 24 hours ("about 15 a day", across all apps). */
export const DAILY_POST_CAP = 15;
/** Inbox shares the creator has not acted on yet, at most, in 24 hours. */
export const PENDING_SHARE_CAP = 5;
const DAY_MS = 24 * 60 * 60 * 1000;

/** creator_info as this app sees it: an app TikTok has not audited is offered SELF_ONLY only. */
export function creatorView(ctx: SandboxContext): CreatorInfo {
  const { creator } = ctx.state;
  return ctx.options.unaudited ? { ...creator, privacy_level_options: ['SELF_ONLY'] } : creator;
}

function isPendingShare(record: PublishRecord): boolean {
  // Nobody opens the sandbox creator's inbox: a share stays pending until it fails or the state resets.
  return record.post_mode === 'MEDIA_UPLOAD' && record.status !== 'FAILED';
}

function isPost(record: PublishRecord): boolean {
  return record.post_mode === 'DIRECT_POST' && record.status !== 'FAILED';
}

/**
 * The refusals that come before a post's own fields are looked at: an unaudited app posting to a public
 * account (whatever the post's privacy: the error is about the account), then the daily caps.
 */
export function checkMayPost(
  ctx: SandboxContext,
  token: AccessTokenRecord,
  mode: PublishRecord['post_mode'],
): void {
  if (mode === 'DIRECT_POST' && ctx.options.unaudited && !ctx.state.private_account) {
    throw new ApiError(
      403,
      'unaudited_client_can_only_post_to_private_accounts',
      'This app has not been audited: it can only post to private accounts.',
    );
  }
  if (!ctx.options.dailyCaps) return;
  const since = Date.now() - DAY_MS;
  const recent = [...ctx.state.publishes.values()].filter(
    (r) => r.open_id === token.open_id && r.created_at > since,
  );
  if (mode === 'DIRECT_POST' && recent.filter(isPost).length >= DAILY_POST_CAP) {
    throw new ApiError(
      403,
      'spam_risk_too_many_posts',
      'The daily post cap from the API is reached for the current user.',
    );
  }
  if (mode === 'MEDIA_UPLOAD' && recent.filter(isPendingShare).length >= PENDING_SHARE_CAP) {
    throw new ApiError(
      403,
      'spam_risk_too_many_pending_share',
      'The user has too many pending shares: they must act on the inbox notifications first.',
    );
  }
}
