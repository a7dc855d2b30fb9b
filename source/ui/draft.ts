import type { AccountSummary, JobTemplate, MediaCheck, SheetInput } from '../core/service-types.js';
import { normalizeMediaInput } from '../media/media-path.js';
import type { BrandOptions, PostJob, PrivacyLevel } from '../shared/post-job.js';
import { parseCoverTime } from './cover-time.js';
import { isHttpUrl, type PostKind } from './media-shape.js';
import { emptyFeedDraft, emptySheetDraft, type FeedDraft } from './source-draft.js';

/** The kind of post the wizard builds. */
export type { PostKind } from './media-shape.js';

/** Posts that come from elsewhere: a feed, or the Google Sheets schedule. */
export type SourceKind = 'feed' | 'schedule';

/**
 * Everything the user has typed or chosen so far. It lives above the steps so that going back
 * with Esc never loses anything.
 */
export interface Draft {
  account?: AccountSummary;
  kind?: PostKind;
  /** Set when posting from a feed or running the schedule instead of one post. */
  source?: SourceKind;
  feed: FeedDraft;
  sheet: SheetInput;
  video: string;
  images: string[];
  title: string;
  description: string;
  /** No default: TikTok's guidelines require the user to pick it. */
  privacy?: PrivacyLevel;
  allowComments: boolean;
  allowDuet: boolean;
  allowStitch: boolean;
  autoAddMusic: boolean;
  disclose: boolean;
  brand: BrandOptions;
  /** Direct post, or a draft in the creator's TikTok inbox. */
  mode: 'direct' | 'inbox';
  /** Label the video as AI-generated. */
  aigc: boolean;
  /** The cover frame as typed: milliseconds or m:ss; empty for TikTok's choice. */
  cover: string;
  /** TikTok pulls a video URL itself (the domain must be verified) instead of agoras uploading it. */
  pull: boolean;
  /** Titles edited on a feed's review, by entry key; entries not here keep the feed's title. */
  feedTitles: Record<string, string>;
}

/** Result of one inline media check, keyed in the wizard state by {@link checkKey}. */
export type CheckState = { status: 'checking' } | { status: 'done'; result: MediaCheck };

/** A fresh draft: nothing chosen, every interaction unchecked, no disclosure. */
export function emptyDraft(): Draft {
  return {
    feed: emptyFeedDraft(),
    sheet: emptySheetDraft(),
    video: '',
    images: [''],
    title: '',
    description: '',
    allowComments: false,
    allowDuet: false,
    allowStitch: false,
    autoAddMusic: false,
    disclose: false,
    brand: { organic: false, content: false },
    mode: 'direct',
    aigc: false,
    cover: '',
    pull: false,
    feedTitles: {},
  };
}

/** What a media field names: a video's path as typed or dropped made into a path; a URL trimmed. */
export function mediaInput(kind: PostKind, typed: string): string {
  return kind === 'video' ? normalizeMediaInput(typed) : typed.trim();
}

/**
 * Key under which a media check is stored, from the normalised input (see mediaInput): the same
 * text checked as video and as image differs.
 */
export function checkKey(kind: PostKind, input: string): string {
  return `${kind}:${input}`;
}

/** The brand flags that will really be sent: none when the disclosure toggle is off. */
export function effectiveBrand(draft: Draft): BrandOptions {
  return draft.disclose ? { ...draft.brand } : { organic: false, content: false };
}

/**
 * Maps a finished draft to the PostJob handed to core. Throws when the draft is incomplete,
 * which the steps prevent: privacy and kind are required before the review screen.
 */
export function buildJob(draft: Draft): PostJob {
  if (!draft.kind) throw new Error('The draft has no kind of post yet.');
  if (!draft.privacy) throw new Error('The draft has no privacy level yet.');
  const common = {
    title: draft.title,
    privacy: draft.privacy,
    allowComments: draft.allowComments,
    brand: effectiveBrand(draft),
    origin: { kind: 'wizard' as const },
  };
  if (draft.kind === 'video') {
    const media = mediaInput('video', draft.video);
    const cover = parseCoverTime(draft.cover);
    return {
      ...common,
      kind: 'video',
      media,
      allowDuet: draft.allowDuet,
      allowStitch: draft.allowStitch,
      source: draft.pull && isHttpUrl(media) ? 'pull' : 'upload',
      mode: draft.mode,
      ...(draft.aigc ? { isAigc: true } : {}),
      ...(cover !== undefined && !Number.isNaN(cover) ? { coverTimestampMs: Math.round(cover) } : {}),
    };
  }
  const description = draft.description;
  return {
    ...common,
    kind: 'photo',
    images: draft.images.map((url) => url.trim()).filter((url) => url !== ''),
    ...(description === '' ? {} : { description }),
    autoAddMusic: draft.autoAddMusic,
    mode: draft.mode,
  };
}

/** The settings every feed post gets: the Details and Commercial screens' choices. */
export function feedTemplate(draft: Draft): JobTemplate {
  if (!draft.privacy) throw new Error('The draft has no privacy level yet.');
  return {
    privacy: draft.privacy,
    allowComments: draft.allowComments,
    allowDuet: draft.allowDuet,
    allowStitch: draft.allowStitch,
    autoAddMusic: draft.autoAddMusic,
    brand: effectiveBrand(draft),
    source: 'upload',
    mode: draft.mode,
  };
}
