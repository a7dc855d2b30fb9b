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

/** The parts of an xml2js node we read: attributes under `$`, text under `_`. */
type XmlNode = { $?: Record<string, string | undefined>; _?: string; [child: string]: unknown };

/** An rss-parser item with our custom fields (see feed-parse.ts). */
export interface RawItem {
  title?: string;
  link?: string;
  guid?: string;
  id?: string;
  pubDate?: string;
  date?: string;
  publishedRaw?: unknown;
  updatedRaw?: unknown;
  enclosures?: XmlNode[];
  mediaContent?: XmlNode[];
  mediaGroup?: XmlNode[];
  atomLinks?: XmlNode[];
}

const VIDEO_EXT = /\.(mp4|m4v|mov|webm)$/i;
const IMAGE_EXT = /\.(jpe?g|png|webp)$/i;

function text(node: unknown): string | undefined {
  if (typeof node === 'string') return node;
  if (Array.isArray(node)) return text(node[0]);
  if (node && typeof node === 'object' && typeof (node as XmlNode)._ === 'string') return (node as XmlNode)._;
  return undefined;
}

function httpUrl(raw: string | undefined): URL | undefined {
  if (!raw) return undefined;
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

function collectMedia(item: RawItem): { videos: string[]; images: string[] } {
  const refs: { url?: string; type?: string; medium?: string }[] = [];
  for (const e of item.enclosures ?? []) refs.push({ url: e.$?.url, type: e.$?.type });
  const contents = [...(item.mediaContent ?? [])];
  for (const group of item.mediaGroup ?? []) {
    const inner = group['media:content'];
    if (Array.isArray(inner)) contents.push(...(inner as XmlNode[]));
  }
  for (const c of contents) refs.push({ url: c.$?.url, type: c.$?.type, medium: c.$?.medium });
  for (const l of item.atomLinks ?? []) {
    if (l.$?.rel === 'enclosure') refs.push({ url: l.$?.href, type: l.$?.type });
  }
  const videos = new Set<string>();
  const images = new Set<string>();
  for (const ref of refs) {
    const url = httpUrl(ref.url);
    if (!url) continue;
    const kind = classify(url, ref.type, ref.medium?.toLowerCase());
    if (kind === 'video') videos.add(url.href);
    else if (kind === 'image') images.add(url.href);
  }
  return { videos: [...videos], images: [...images] };
}

/** A zone at the end of a date: Z, GMT/UTC/UT, an offset, or the US names Date.parse knows. */
const ZONE = /(?:Z|\bGMT|\bUTC?|[+-]\d{2}:?\d{2}|\b[ECMP][SD]T)$/i;

/**
 * Parses a feed date as an instant. Feeds must carry a zone (RFC 822 or RFC 3339); when one
 * omits it we read UTC rather than the machine's zone, so cron hosts agree with laptops.
 * Unknown zone names (IST, CEST) are refused rather than guessed.
 */
export function parseFeedDate(raw: string | undefined): Date | undefined {
  let s = raw?.trim();
  if (!s) return undefined;
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s)) s = `${s.replace(' ', 'T')}Z`;
  else if (!/^\d{4}-\d{2}-\d{2}$/.test(s) && !ZONE.test(s)) {
    // Any other form without a zone ("May 1, 2024 10:00"): UTC, never the machine's zone.
    s += /\d{1,2}:\d{2}/.test(s) ? ' GMT' : ' 00:00:00 GMT';
  }
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** Turns one rss-parser item into a FeedEntry. */
export function toFeedEntry(item: RawItem): FeedEntry {
  const groupTitle = text(item.mediaGroup?.[0]?.['media:title']);
  const title = cleanTitle(text(item.title) ?? groupTitle ?? '');
  const rawDate = text(item.publishedRaw) ?? text(item.updatedRaw) ?? text(item.pubDate) ?? text(item.date);
  const published = parseFeedDate(rawDate);
  const link = httpUrl(text(item.link))?.href;
  const guid = text(item.guid)?.trim() || text(item.id)?.trim();
  const key = guid || link || `${title}|${published?.toISOString() ?? rawDate ?? ''}`;
  const entry: FeedEntry = { key, title, ...collectMedia(item) };
  if (published) entry.published = published;
  if (link) entry.link = link;
  return entry;
}
