import { cleanTitle } from './feed-text.js';

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

/** The parts of an xml2js node we read: attributes under `$`, text under `_`. */
type XmlNode = { $?: Record<string, string | undefined>; _?: string; [child: string]: unknown };

/** An rss-parser item with our custom fields (see feed-parse.ts). Any of them may be any shape. */
export interface RawItem {
  title?: unknown;
  link?: unknown;
  guid?: unknown;
  id?: unknown;
  pubDate?: unknown;
  /** RSS's `<dc:date>`. */
  date?: unknown;
  publishedRaw?: unknown;
  updatedRaw?: unknown;
  enclosures?: unknown;
  mediaContent?: unknown;
  mediaGroup?: unknown;
  /** Every `<link>` (Atom's alternate and enclosure links). */
  links?: unknown;
  /** Set for Atom entries. */
  atom?: boolean;
}

/** One media reference as the feed gives it: `<enclosure>`, `<media:content>`, `<link rel=…>`. */
interface MediaRef {
  url?: string;
  type?: string;
  medium?: string;
  rel?: string;
}

/** The text of a field, however xml2js shaped it (a string, `[string]`, `{_: string}`). */
function text(node: unknown): string | undefined {
  if (typeof node === 'string') return node;
  if (Array.isArray(node)) return text(node[0]);
  if (node && typeof node === 'object' && typeof (node as XmlNode)._ === 'string') return (node as XmlNode)._;
  return undefined;
}

/** The nodes of a repeated field: only objects (a bare `<enclosure>text</enclosure>` has no URL). */
function nodes(value: unknown): XmlNode[] {
  return Array.isArray(value) ? value.filter((n): n is XmlNode => Boolean(n) && typeof n === 'object') : [];
}

function attr(node: XmlNode, name: string): string | undefined {
  const value = node.$?.[name];
  return typeof value === 'string' ? value : undefined;
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

/** Media references read per entry (one video or four images are used). */
const MAX_REFS = 64;

function mediaRefs(item: RawItem): MediaRef[] {
  const refs: MediaRef[] = [];
  const add = (node: XmlNode, url: string) => {
    if (refs.length < MAX_REFS) {
      refs.push({
        url: attr(node, url),
        type: attr(node, 'type'),
        medium: attr(node, 'medium'),
        rel: attr(node, 'rel'),
      });
    }
  };
  for (const e of nodes(item.enclosures)) add(e, 'url');
  for (const c of nodes(item.mediaContent)) add(c, 'url');
  for (const group of nodes(item.mediaGroup)) for (const c of nodes(group['media:content'])) add(c, 'url');
  for (const l of nodes(item.links)) if (attr(l, 'rel') === 'enclosure') add(l, 'href');
  return refs;
}

function collectMedia(item: RawItem): { videos: string[]; images: string[] } {
  const refs = mediaRefs(item);
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
function atomLink(links: unknown): string | undefined {
  const all = nodes(links);
  const chosen = all.find((l) => attr(l, 'rel') === 'alternate') ?? all[0];
  return chosen ? attr(chosen, 'href') : undefined;
}

/** An identity (guid, id) longer than this is no identity anyone wrote: it is not used. */
const MAX_KEY = 64 * 1024;
/** A date text longer than this is no date: it is not used, not even in a key. */
const MAX_DATE_TEXT = 256;

function capped(value: string | undefined, max: number): string | undefined {
  return value !== undefined && value.length <= max ? value : undefined;
}

/** Turns one rss-parser item into a FeedEntry. */
export function toFeedEntry(item: RawItem): FeedEntry {
  const groupTitle = text(nodes(item.mediaGroup)[0]?.['media:title']);
  const title = cleanTitle(text(item.title) || groupTitle || '');
  const rawDate = [item.publishedRaw, item.updatedRaw, item.pubDate, item.date]
    .map((field) => capped(text(field), MAX_DATE_TEXT))
    .find((raw) => raw !== undefined);
  const published = parseFeedDate(rawDate);
  const link = httpUrl(item.atom ? atomLink(item.links) : text(item.link))?.href;
  const guid = capped(text(item.guid), MAX_KEY)?.trim() || capped(text(item.id), MAX_KEY)?.trim();
  const key = guid || link || `${title}|${published?.toISOString() ?? rawDate ?? ''}`;
  const { videos, images } = collectMedia(item);
  const entry: FeedEntry = { key, title, videos, images };
  if (published) entry.published = published;
  if (link) entry.link = link;
  return entry;
}
