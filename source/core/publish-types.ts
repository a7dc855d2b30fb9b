import type { Http } from '../shared/http.js';
import type { Reporter } from '../shared/reporter.js';
import type { PostRecordStore } from '../store/state-store.js';
import type { TikTokClient } from '../tiktok/client.js';
import type { CreatorInfo, StatusData } from '../tiktok/types.js';
import type { PostLink } from './post-link.js';
import type { PostPreview } from './preview.js';
import type { UnauditedPolicy } from './unaudited.js';

export interface PublishDeps {
  client: TikTokClient;
  http: Http;
  reporter: Reporter;
  /** Called the moment TikTok returns a publish ID: print it, record it in the ledger. */
  onPublishId?(publishId: string, details: PublishDetails): void | Promise<void>;
  /** Called just before TikTok is asked to create the post (an error before it published nothing). */
  beforeInit?(): void;
  signal?: AbortSignal;
  /** Status polling: first interval and the total time to wait. */
  pollIntervalMs?: number;
  waitTimeoutMs?: number;
  /** Skip polling and return as soon as TikTok accepted the post. */
  noWait?: boolean;
  /** Creator info fetched earlier (the wizard fetches it when the post screen opens). */
  creator?: CreatorInfo;
  /** The account's post records: history, and uploads a later run can resume (none in bare tests). */
  records?: PostRecordStore;
  /** Every check that needs no upload, then the init's request returned instead of sent. */
  dryRun?: boolean;
  /** Called once TikTok has all it needs (the bytes, or the URLs) and the status is awaited. */
  onWaiting?(publishId: string): void;
  /** An unaudited app: post as SELF_ONLY, send to the inbox, or refuse (default); a question in a terminal. */
  ifUnaudited?: UnauditedPolicy;
  /** Posts in 24 h before agoras warns (TikTok says "about 15"). */
  dailyPostCap?: number;
}

/** What is known about a post when TikTok accepts it. */
export interface PublishDetails {
  /** For FILE_UPLOAD: the bytes TikTok must receive before anything can be published. */
  videoSize?: number;
}

export interface PublishResult {
  publishId: string;
  status?: StatusData;
  /** With `dryRun`: what would have been sent (publishId is then empty). */
  preview?: PostPreview;
  /** Where the post can be seen, or why not yet (absent without a final status). */
  link?: PostLink;
}
