import type { PostJob } from '../shared/post-job.js';
import type { Reporter } from '../shared/reporter.js';
import type { CreatorInfo, StatusData } from '../tiktok/types.js';
import type { SourceServices } from './service-source-types.js';

export type * from './service-source-types.js';

/** A saved account as the wizard lists it. */
export interface AccountSummary {
  username: string;
  nickname?: string;
  isDefault: boolean;
  /** ready: tokens usable (or refreshable); needs-auth: refresh token expired or revoked. */
  state: 'ready' | 'needs-auth';
}

/** What the inline media check found. `ok: false` carries one plain-words message for under the field. */
export type MediaCheck =
  | { ok: true; size?: number; durationSec?: number; contentType?: string }
  | { ok: false; message: string };

export interface AuthorizeRequest {
  username: string;
  clientKey: string;
  /** Empty means "use the secret saved for this account" (re-authorizing asks for it only once). */
  clientSecret: string;
  /** Called with the authorization URL as soon as it is known, so the wizard can show it. */
  onUrl(url: string): void;
  signal: AbortSignal;
}

export interface PublishOutcome {
  publishId: string;
  status: StatusData;
}

/**
 * Everything the wizard needs from core, injected so that components hold no TikTok logic
 * and can be tested with fakes. The real implementation lives in headless/wizard-services.ts.
 */
export interface Agoras extends SourceServices {
  listAccounts(): Promise<AccountSummary[]>;
  /** Client key/secret already saved for an account name, so they are asked once only. */
  savedCredentials(username: string): Promise<{ clientKey: string; hasSecret: boolean } | undefined>;
  authorize(request: AuthorizeRequest): Promise<AccountSummary>;
  creatorInfo(username: string): Promise<CreatorInfo>;
  checkVideo(input: string, creator: CreatorInfo, signal: AbortSignal): Promise<MediaCheck>;
  checkImage(url: string, signal: AbortSignal): Promise<MediaCheck>;
  /** Uploads/inits, then polls status; progress and steps arrive through the reporter. */
  publish(username: string, job: PostJob, reporter: Reporter, signal: AbortSignal): Promise<PublishOutcome>;
}
