import { cleanTitle } from './text.js';

/** One feed item, reduced to what a TikTok post needs. */
export interface FeedEntry {
  /** Stable identity for the ledger: guid, id, link, or title + date. */
  key: string;
  title: string;
  /** The instant it was published; undefined when the feed gives no usable date. */
  published?: Date;
  videos: string[];
  images: string[];
  link?: string;
}

/** One media reference as the feed gives it: `<enclosure>`, `<media:content>`, `<link rel=…>`. */
export interface MediaRef {
  url?: string;
  type?: string;
  medium?: string;
  rel?: string;
}

/** What the scanner keeps of one item or entry (see feed-parse.ts): raw, undecoded beyond XML. */
export interface RawEntry {
  title?: string;
  /** RSS's `<dc:title>`, used when there is no `<title>`. */
  dcTitle?: string;
  /** `<media:group><media:title>`, used when the title is empty (YouTube, PeerTube). */
  groupTitle?: string;
  /** RSS's `<link>` text. */
  linkText?: string;
  /** Every `<link>`'s attributes (Atom's alternate and enclosure links). */
  links: MediaRef[];
  guid?: string;
  id?: string;
  pubDate?: string;
  dcDate?: string;
  published?: string;
  updated?: string;
  enclosures: MediaRef[];
  /** `<media:content>` directly in the item, then those in its `<media:group>`s. */
  contents: MediaRef[];
  groupContents: MediaRef[];
  atom: boolean;
}

const VIDEO_EXT = /\.(mp4|m4v|mov|webm)$/i;
const IMAGE_EXT = /\.(jpe?g|png|webp)$/i;

/** The longest URL read from a feed: no HTTP client or TikTok takes a longer one. */
export const MAX_URL = 8192;

function httpUrl(raw: string | undefined): URL | undefined {
  if (!raw || raw.length > MAX_URL) return undefined;
  try {
    const url = new URL(raw.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Sorts one media reference into video or image by MIME type, Media RSS medium, or extension. */
function classify(
  url: URL,
  type: string | undefined,
  medium: string | undefined,
): 'video' | 'image' | undefined {
  const mime = type?.trim().toLowerCase() ?? '';
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('image/')) return 'image';
  // A declared non-media type (YouTube's application/x-shockwave-flash player URL) is not a file.
  if (mime && mime !== 'application/octet-stream') return undefined;
  if (VIDEO_EXT.test(url.pathname)) return 'video';
  if (IMAGE_EXT.test(url.pathname)) return 'image';
  if (medium === 'video' || medium === 'image') return medium;
  return undefined;
}

/** Entries without media (most of a large feed) share these: nothing is allocated for them. */
const NONE: string[] = Object.freeze([]) as unknown as string[];

function collectMedia(item: RawEntry): { videos: string[]; images: string[] } {
  const refs = [
    ...item.enclosures,
    ...item.contents,
    ...item.groupContents,
    ...item.links.filter((l) => l.rel === 'enclosure'),
  ];
  if (refs.length === 0) return { videos: NONE, images: NONE };
  const videos = new Set<string>();
  const images = new Set<string>();
  for (const ref of refs) {
    const url = httpUrl(ref.url);
    if (!url) continue;
    const kind = classify(url, ref.type, ref.medium?.toLowerCase());
    if (kind === 'video') videos.add(url.href);
    else if (kind === 'image') images.add(url.href);
  }
  return { videos: videos.size ? [...videos] : NONE, images: images.size ? [...images] : NONE };
}

const MAX_DATE = 80;

/** A zone at the end of a date: Z, GMT/UTC/UT, an offset, or the US names Date.parse knows. */
const ZONE = /(?:Z|\bGMT|\bUTC?|[+-]\d{2}:?\d{2}|\b[ECMP][SD]T)$/i;

/**
 * Parses a feed date as an instant. Feeds must carry a zone (RFC 822 or RFC 3339); when one
 * omits it we read UTC rather than the machine's zone, so cron hosts agree with laptops.
 * Unknown zone names (IST, CEST) are refused rather than guessed.
 */
export function parseFeedDate(raw: string | undefined): Date | undefined {
  let s = raw?.trim();
  // No real date is longer; the regular expressions below then run on a short text only.
  if (!s || s.length > MAX_DATE) return undefined;
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s)) s = `${s.replace(' ', 'T')}Z`;
  else if (!/^\d{4}-\d{2}-\d{2}$/.test(s) && !ZONE.test(s)) {
    // Any other form without a zone ("May 1, 2024 10:00"): UTC, never the machine's zone.
    s += /\d{1,2}:\d{2}/.test(s) ? ' GMT' : ' 00:00:00 GMT';
  }
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** Atom's link: the rel="alternate" one, else the first (as feeds are read by most readers). */
function atomLink(links: MediaRef[]): string | undefined {
  return (links.find((l) => l.rel === 'alternate') ?? links[0])?.url;
}

/** Turns one scanned item into a FeedEntry. */
export function toFeedEntry(item: RawEntry): FeedEntry {
  const title = cleanTitle(item.title || (item.atom ? '' : item.dcTitle) || item.groupTitle || '');
  const rawDate = item.published ?? item.updated ?? item.pubDate ?? item.dcDate;
  const published = parseFeedDate(rawDate);
  const link = httpUrl(item.atom ? atomLink(item.links) : item.linkText)?.href;
  const guid = item.guid?.trim() || item.id?.trim();
  const key = guid || link || `${title}|${published?.toISOString() ?? rawDate ?? ''}`;
  const { videos, images } = collectMedia(item);
  const entry: FeedEntry = { key, title, videos, images };
  if (published) entry.published = published;
  if (link) entry.link = link;
  return entry;
}
