import type { PrivacyLevel } from '../shared/post-job.js';

// The sandbox's own copies of TikTok's wire shapes: it shares no code with the client but shared/,
// so a mistake in the client's idea of TikTok cannot hide in the emulator too.

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

/** States of a publish as POST /v2/post/publish/status/fetch/ reports them. */
export type PublishStatus =
  | 'PROCESSING_UPLOAD'
  | 'PROCESSING_DOWNLOAD'
  | 'SEND_TO_USER_INBOX'
  | 'PUBLISH_COMPLETE'
  | 'FAILED';

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
