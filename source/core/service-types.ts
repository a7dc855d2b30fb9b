import type { LoginUrlInfo } from '../auth/authorize.js';
import type { PostJob } from '../shared/post-job.js';
import type { Reporter } from '../shared/reporter.js';
import type { CreatorInfo, StatusData } from '../tiktok/types.js';
import type { AccountStatus } from './accounts.js';
import type { CapUsage } from './caps.js';
import type { PostLink } from './post-link.js';
import type { PostPreview } from './preview.js';
import type { PublishDetails } from './publish.js';
import type { FeedRunDeps, FeedRunOptions, runFeed } from './run-feed.js';
import type { ScheduleRunDeps, ScheduleRunResult } from './run-schedule.js';
import type { RecordServices } from './service-records.js';
import type { RunHooks, ScheduleRunRequestFlags } from './service-runs.js';
import type { SourceServices } from './service-source-types.js';
import type { UnauditedPolicy } from './unaudited.js';

export type { LoginUrlInfo } from '../auth/authorize.js';
export type { JobTemplate } from '../sources/feed-select.js';
export type {
  HistoryEntry,
  MigrateCounts,
  StatusReport,
  StatusRequest,
  StoreReport,
} from './service-records.js';
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
  | {
      ok: true;
      size?: number;
      durationSec?: number;
      contentType?: string;
      /** What a probe found beyond size and type ("H.264 · 1080×1920 · 30 fps"), shown as it is. */
      summary?: string;
    }
  | { ok: false; message: string };

export interface AuthorizeRequest {
  username: string;
  clientKey: string;
  /** Empty means "use the secret saved for this account" (re-authorizing asks for it only once). */
  clientSecret: string;
  /** Called with the authorization URL once the browser was opened (or could not be), to show it. */
  onUrl(url: string, info: LoginUrlInfo): void;
  signal: AbortSignal;
  /** The redirect URI registered for the app; the default loopback one when not given. */
  redirectUri?: string;
  /** Where the login's steps go (the line mode shows them; the wizard has its own screen). */
  reporter?: Reporter;
  /** Also ask for the stats scopes (video.list, user.info.stats): views, likes, followers. */
  withStats?: boolean;
}

/** How one post is published, beyond the job itself. */
export interface PublishOptions {
  /** creator_info already fetched for this post (TikTok asks for it when the post screen opens). */
  creator?: CreatorInfo;
  /** Return once TikTok accepted the post, without polling its status. */
  noWait?: boolean;
  /** Fires the moment TikTok returns the publish ID. */
  onPublishId?(publishId: string, details: PublishDetails): void | Promise<void>;
  /** An app TikTok has not audited: the person's choice (a flag or a question); absent: refused. */
  ifUnaudited?: UnauditedPolicy;
  /** Posts in 24 h before a warning (TikTok says "about 15"). */
  dailyPostCap?: number;
  /** Check everything that needs no upload and return the init's request instead of sending it. */
  dryRun?: boolean;
  /** Fires once TikTok has everything (the bytes or the URLs) and only its status is awaited. */
  onWaiting?(publishId: string): void;
}

export interface PublishOutcome {
  publishId: string;
  /** With `dryRun`: the request the init would have sent (publishId is empty). */
  preview?: PostPreview;
  /** The final status; absent only with `noWait`. */
  status?: StatusData;
  /** Where the post can be seen, or why not yet. */
  link?: PostLink;
}

/**
 * The one service both front ends call (`createAgoras` in core/service.ts): it returns data, never
 * sentences to parse. The wizard gets it injected, so components hold no TikTok logic and can be
 * tested with fakes; the commands build it from the runtime.
 */
export interface Agoras extends SourceServices, RecordServices {
  /** A feed run under the account's lock, for the command line (it posts and previews its own way). */
  feedRun(
    options: FeedRunOptions,
    hooks: RunHooks<FeedRunDeps>,
  ): Promise<Awaited<ReturnType<typeof runFeed>>>;
  /** A schedule run under the account's lock, for the command line. */
  scheduleRun(options: ScheduleRunRequestFlags, hooks: RunHooks<ScheduleRunDeps>): Promise<ScheduleRunResult>;
  listAccounts(): Promise<AccountSummary[]>;
  /** Client key/secret already saved for an account name, so they are asked once only. */
  savedCredentials(username: string): Promise<{ clientKey: string; hasSecret: boolean } | undefined>;
  authorize(request: AuthorizeRequest): Promise<AccountSummary>;
  /** Every saved account checked live with TikTok, like `gh auth status`. */
  checkAccounts(reporter: Reporter, options?: { dailyPostCap?: number }): Promise<AccountStatus[]>;
  /** Revokes the account at TikTok and forgets it. */
  removeAccount(username: string): Promise<{ revoked: boolean; reason?: string }>;
  setDefaultAccount(username: string): Promise<void>;
  creatorInfo(username: string): Promise<CreatorInfo>;
  /** Posts and pending drafts of the last 24 h, from the store's records (before the init: TikTok has no endpoint for it). */
  capUsage(username: string): Promise<CapUsage>;
  checkVideo(input: string, creator: CreatorInfo, signal: AbortSignal): Promise<MediaCheck>;
  checkImage(url: string, signal: AbortSignal): Promise<MediaCheck>;
  /** Uploads/inits, then polls status; progress and steps arrive through the reporter. */
  publish(
    username: string,
    job: PostJob,
    reporter: Reporter,
    signal: AbortSignal,
    options?: PublishOptions,
  ): Promise<PublishOutcome>;
}
