import type { LoginUrlInfo } from '../auth/authorize.js';
import type { PostJob } from '../shared/post-job.js';
import type { Reporter } from '../shared/reporter.js';
import type { CreatorInfo, StatusData } from '../tiktok/types.js';
import type { AccountStatus } from './accounts.js';
import type { CapUsage } from './caps.js';
import type { ConversionPreview, MediaFixPolicy } from './fix-media.js';
import type { RunHooks, ScheduleRunRequestFlags } from './locked-runs.js';
import type { MediaHost } from './photo-host.js';
import type { PostLink } from './post-link.js';
import type { PostPreview } from './preview.js';
import type { PublishDetails } from './publish.js';
import type { RecordServices } from './record-services.js';
import type { FeedRunDeps, FeedRunOptions, runFeed } from './run-feed.js';
import type { ScheduleRunDeps, ScheduleRunResult } from './run-schedule.js';
import type { SourceServices } from './source-types.js';
import type { UnauditedPolicy } from './unaudited.js';

export type { LoginUrlInfo } from '../auth/authorize.js';
export type { JobTemplate } from '../sources/feed-select.js';
export type {
  HistoryEntry,
  MigrateCounts,
  StatusReport,
  StatusRequest,
  StoreReport,
} from './record-services.js';
export type * from './source-types.js';

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
  | {
      ok: false;
      message: string;
      /** A conversion fixes it (a local file): what it changes and what the copy will be. */
      fix?: { changes: string[]; result: string };
    };

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
  /** Awaited just before TikTok is asked to create the post (a feed's or schedule's ledger intent). */
  beforeInit?(): void | Promise<void>;
  /** Whether media TikTok would fail is converted (see core/fix-media.ts). */
  fixMedia?: MediaFixPolicy;
  /** Where local photos are put for TikTok to pull (see core/photo-host.ts). */
  mediaHost?: MediaHost;
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
export interface Agoras extends AccountServices, PostServices, SourceServices, LockedRuns, RecordServices {}

/** Feeds and schedules run by the command line, under the account's lock. */
export interface LockedRuns {
  /** A feed run under the account's lock, for the command line (it posts and previews its own way). */
  feedRun(
    options: FeedRunOptions,
    hooks: RunHooks<FeedRunDeps>,
  ): Promise<Awaited<ReturnType<typeof runFeed>>>;
  /** A schedule run under the account's lock, for the command line. */
  scheduleRun(options: ScheduleRunRequestFlags, hooks: RunHooks<ScheduleRunDeps>): Promise<ScheduleRunResult>;
}

/** Accounts: list, check live, log in, remove, the default, saved credentials, caps, creator_info. */
export interface AccountServices {
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
}

/** Posts: check the media (and offer a conversion), the media host, convert, preview, publish. */
export interface PostServices {
  checkVideo(input: string, creator: CreatorInfo, signal: AbortSignal): Promise<MediaCheck>;
  checkImage(url: string, signal: AbortSignal): Promise<MediaCheck>;
  /** The saved media host for local photos, if one was set. */
  mediaHost(): Promise<MediaHost | undefined>;
  /** Checks and saves a media host; resolves to a problem in one line, or undefined once saved. */
  saveMediaHost(host: MediaHost): Promise<string | undefined>;
  /** Converts a refused local video into the cache now (the wizard's fix key); resolves to the copy's path. */
  fixVideo(
    input: string,
    creator: CreatorInfo,
    signal: AbortSignal,
    onProgress: (doneSec: number, totalSec: number) => void,
  ): Promise<string>;
  /** Converts a refused local photo into the cache now (the wizard's fix key); resolves to the copy's path. */
  fixImage(input: string, signal: AbortSignal): Promise<string>;
  /** What publishing this job would convert (local files TikTok would fail), for a Review or a dry run. */
  previewConversions(
    job: PostJob,
    creator: CreatorInfo,
    options?: { trimToMax?: boolean },
  ): Promise<ConversionPreview[]>;
  /** Uploads/inits, then polls status; progress and steps arrive through the reporter. */
  publish(
    username: string,
    job: PostJob,
    reporter: Reporter,
    signal: AbortSignal,
    options?: PublishOptions,
  ): Promise<PublishOutcome>;
}
