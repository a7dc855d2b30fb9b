import { PRIVACY_LEVELS, type PrivacyLevel } from '../shared/post-job.js';
import type { CreatorInfo, PublishStatus, StatusData } from './types.js';

// TikTok leaves optional fields out and may send null for any of them: every reply is read through
// these, so a missing field is "unknown", never a crash or a wrong branch.

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const flag = (value: unknown): boolean => value === true;
const count = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;

/** The longest video TikTok's API accepts from anyone: used when creator_info does not say. */
const API_MAX_DURATION_SEC = 600;

/** creator_info as we rely on it; unknown privacy levels are dropped, missing ones allow nothing. */
export function normalizeCreator(raw: Partial<Record<keyof CreatorInfo, unknown>>): CreatorInfo {
  const options = Array.isArray(raw.privacy_level_options) ? raw.privacy_level_options : [];
  const max = count(raw.max_video_post_duration_sec);
  return {
    creator_avatar_url: text(raw.creator_avatar_url),
    creator_username: text(raw.creator_username),
    creator_nickname: text(raw.creator_nickname),
    privacy_level_options: options.filter((p): p is PrivacyLevel =>
      (PRIVACY_LEVELS as readonly unknown[]).includes(p),
    ),
    comment_disabled: flag(raw.comment_disabled),
    duet_disabled: flag(raw.duet_disabled),
    stitch_disabled: flag(raw.stitch_disabled),
    max_video_post_duration_sec: max && max > 0 ? max : API_MAX_DURATION_SEC,
  };
}

/**
 * A status reply; without a status it is still processing as far as we can tell (polling goes on
 * until a final state or the wait limit), and absent byte counts stay absent: unknown, not zero.
 */
export function normalizeStatus(raw: Partial<Record<keyof StatusData, unknown>>): StatusData {
  const status = text(raw.status) || 'PROCESSING_UPLOAD';
  const postIds = Array.isArray(raw.publicaly_available_post_id)
    ? raw.publicaly_available_post_id.filter((id): id is string => typeof id === 'string' && id !== '')
    : [];
  const uploaded = count(raw.uploaded_bytes);
  const downloaded = count(raw.downloaded_bytes);
  return {
    status: status as PublishStatus,
    ...(text(raw.fail_reason) ? { fail_reason: text(raw.fail_reason) } : {}),
    ...(postIds.length ? { publicaly_available_post_id: postIds } : {}),
    ...(uploaded !== undefined ? { uploaded_bytes: uploaded } : {}),
    ...(downloaded !== undefined ? { downloaded_bytes: downloaded } : {}),
  };
}
