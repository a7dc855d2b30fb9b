import type { BrandOptions, PrivacyLevel, VideoJob } from '../shared/post-job.js';
import type { Reporter } from '../shared/reporter.js';
import type { JobTemplate } from '../sources/feed-select.js';
import type { PublishStatus } from '../tiktok/types.js';

/** Which feed entries to post: the headless flags of last-from-feed / random-from-feed. */
export interface FeedRequest {
  username: string;
  feedUrl: string;
  mode: 'last' | 'random';
  maxCount: number;
  lookbackSec: number;
  maxAgeDays: number;
}

/** One feed entry that would be posted. */
export interface FeedPreviewItem {
  /** The entry's ledger identity (guid, link…). */
  key: string;
  title: string;
  kind: 'video' | 'photo';
  /** The video URL, or the image URLs of a slideshow. */
  media: string[];
  published?: Date | undefined;
}

/** What a dry run of the feed found. */
export interface FeedPreview {
  items: FeedPreviewItem[];
  /** What core said while reading ("2 recent entries were already posted."). */
  notes: string[];
  /** The clock and random draw of the preview, reused by the run so it selects the same entries. */
  plan: { now: number; pick: number };
}

/** A run of the feed: the reviewed selection, and the settings that apply to every post. */
export interface FeedRunRequest extends FeedRequest {
  template: JobTemplate;
  plan: FeedPreview['plan'];
  /** Only these entries may be posted: anything else found by the run was never reviewed. */
  keys: string[];
  /** Titles edited on the review, by entry key; the others keep the feed's title. */
  titles?: Record<string, string>;
}

/** The Google Sheets schedule and its service account. */
export interface SheetInput {
  spreadsheetId: string;
  sheetName: string;
  clientEmail: string;
  /** The PEM key, or the path of the service account's JSON key file. */
  privateKey: string;
}

/** A due row as the review lists it. */
export interface ScheduleRowSummary {
  /** Row number, title and video together: a reviewed row that moved or changed is not posted. */
  key: string;
  rowNumber: number;
  title: string;
  media: string;
  privacy: PrivacyLevel;
  brand: BrandOptions;
  scheduledAt: Date;
  job: VideoJob;
}

/** A row that will not be posted, with its 1-based number and why. */
export interface RowNote {
  rowNumber: number;
  message: string;
}

/** What a dry run of the schedule found: data for the review to render, never sentences. */
export interface SchedulePreview {
  due: ScheduleRowSummary[];
  /** Draft rows past their window: not posted. */
  late: { rowNumber: number; scheduledAt: Date }[];
  upcoming: number;
  /** Malformed rows, with what is wrong (without the row number). */
  problems: { rowNumber: number; reason: string }[];
  /** Rows an earlier run already posted: they are marked, never posted again. */
  alreadyPosted: { rowNumber: number; publishId: string }[];
}

/** How a schedule posts, where the command line's flags say it; defaults in core when left out. */
export interface ScheduleSettings {
  graceMs?: number;
  source?: 'upload' | 'pull';
  mode?: 'direct' | 'inbox';
}

export interface ScheduleRunRequest extends ScheduleSettings {
  username: string;
  sheet: SheetInput;
  /** Keys of the reviewed due rows; only these are posted. */
  keys: string[];
}

/** The end of a feed or schedule run: one line per post. */
export interface SourceRunResult {
  posted: { title: string; publishId: string; status?: PublishStatus | undefined }[];
  /** Posts that failed, with the exit code of the error (the first one ends the wizard with it). */
  errors: { title: string; message: string; exitCode: number }[];
  notes: string[];
}

/** The feed and schedule half of Agoras. */
export interface SourceServices {
  /** Fetches and parses the feed and selects entries as a dry run would; throws what went wrong. */
  previewFeed(request: FeedRequest, signal: AbortSignal): Promise<FeedPreview>;
  runFeed(request: FeedRunRequest, reporter: Reporter, signal: AbortSignal): Promise<SourceRunResult>;
  /** A sheet to prefill (the sandbox's demo sheet), if any. */
  sheetDefaults(): Promise<SheetInput | undefined>;
  previewSchedule(
    request: { username: string; sheet: SheetInput } & ScheduleSettings,
    signal: AbortSignal,
  ): Promise<SchedulePreview>;
  runSchedule(request: ScheduleRunRequest, reporter: Reporter, signal: AbortSignal): Promise<SourceRunResult>;
}
