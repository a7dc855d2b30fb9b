import type { PrivacyLevel } from '../shared/post-job.js';

/** data of POST /v2/post/publish/creator_info/query/ */
export interface CreatorInfo {
  creator_avatar_url: string;
  creator_username: string;
  creator_nickname: string;
  privacy_level_options: PrivacyLevel[];
  comment_disabled: boolean;
  duet_disabled: boolean;
  stitch_disabled: boolean;
  max_video_post_duration_sec: number;
}

/** Final and intermediate states of POST /v2/post/publish/status/fetch/ */
export type PublishStatus =
  | 'PROCESSING_UPLOAD'
  | 'PROCESSING_DOWNLOAD'
  | 'SEND_TO_USER_INBOX'
  | 'PUBLISH_COMPLETE'
  | 'FAILED';

export interface StatusData {
  status: PublishStatus;
  fail_reason?: string;
  /** TikTok's spelling. int64 values: kept as strings so no digit is lost. */
  publicaly_available_post_id?: string[];
  uploaded_bytes?: number;
  downloaded_bytes?: number;
}

/** Flat body of /v2/oauth/token/ on success. */
export interface TokenResponse {
  access_token: string;
  expires_in: number;
  open_id: string;
  refresh_expires_in: number;
  refresh_token: string;
  scope: string;
  token_type: string;
}
