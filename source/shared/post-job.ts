import type { AddressKind } from './address.js';

/** TikTok's privacy levels, as creator_info lists them. */
export const PRIVACY_LEVELS = [
  'PUBLIC_TO_EVERYONE',
  'MUTUAL_FOLLOW_FRIENDS',
  'FOLLOWER_OF_CREATOR',
  'SELF_ONLY',
] as const;
export type PrivacyLevel = (typeof PRIVACY_LEVELS)[number];

/** Commercial content disclosure: "Your brand" (organic) and/or "Branded content" (paid partnership). */
export interface BrandOptions {
  organic: boolean;
  content: boolean;
}

interface JobCommon {
  title: string;
  privacy: PrivacyLevel;
  allowComments: boolean;
  brand: BrandOptions;
  /**
   * True when the interaction flags were left at the seed's defaults (on): then an interaction the
   * creator disabled is turned off with a warning instead of refusing the post.
   */
  interactionsFromDefaults?: boolean;
  /** Where the job came from, for the ledger and messages: "flags", "wizard", a feed guid, a sheet row. */
  origin?: {
    kind: 'flags' | 'wizard' | 'feed' | 'sheet';
    key?: string;
    label?: string;
    rowNumber?: number;
    /**
     * Feeds and sheets: the internal address kinds their media may use (the kind the feed or sheet
     * itself lives on; all with --allow-private-media). None when absent.
     */
    addresses?: readonly AddressKind[];
  };
}

/** A video post. `media` is an http(s) URL or a local file path. */
export interface VideoJob extends JobCommon {
  kind: 'video';
  media: string;
  allowDuet: boolean;
  allowStitch: boolean;
  /** FILE_UPLOAD (default: works without a verified domain) or PULL_FROM_URL. */
  source: 'upload' | 'pull';
  /** Direct post, or a draft in the creator's inbox. */
  mode: 'direct' | 'inbox';
  isAigc?: boolean;
  coverTimestampMs?: number;
}

/** A photo slideshow: 1–4 image URLs that TikTok pulls. */
export interface PhotoJob extends JobCommon {
  kind: 'photo';
  images: string[];
  description?: string;
  autoAddMusic: boolean;
  mode: 'direct' | 'inbox';
}

/** One post, from flags, the wizard, a feed entry or a sheet row, normalised before it reaches core. */
export type PostJob = VideoJob | PhotoJob;

/** TikTok's limits, in UTF-16 code units as TikTok counts them. */
export const LIMITS = {
  videoTitle: 2200,
  photoTitle: 90,
  photoDescription: 4000,
  maxImages: 4,
  /** 4 GB, decimal as in TikTok's Media Transfer Guide (see tiktok/chunk-plan.ts). */
  maxVideoBytes: 4000 * 1000 * 1000,
} as const;
