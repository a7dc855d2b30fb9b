import { UsageError } from '../shared/errors.js';
import { type FeedEntry, MAX_URL, type MediaRef, type RawEntry, toFeedEntry } from './feed-entry.js';
import { decodeXml, RAW_TITLE_MAX } from './text.js';
import { scanXml, XmlError } from './xml-scan.js';

export type { FeedEntry } from './feed-entry.js';

/** More entries than this is no feed anyone posts from; refusing keeps memory bounded. */
export const MAX_ENTRIES = 200_000;
/** Media references read per entry (one video or four images are used). */
const MAX_REFS = 64;
/** How much of an identity (guid, id) or a date is read. */
const MAX_KEY = 64 * 1024;
const MAX_SHORT = 256;

type Kind = 'atom' | 'rss' | 'rdf';

/** A text field being read: its parts (slices of the document), capped at `cap` raw characters. */
interface Field {
  name: keyof RawEntry;
  cap: number;
  parts: string[];
  length: number;
}

const TEXT_FIELDS: Record<string, { name: keyof RawEntry; cap: number }> = {
  title: { name: 'title', cap: RAW_TITLE_MAX },
  'dc:title': { name: 'dcTitle', cap: RAW_TITLE_MAX },
  link: { name: 'linkText', cap: MAX_URL },
  guid: { name: 'guid', cap: MAX_KEY },
  id: { name: 'id', cap: MAX_KEY },
  pubDate: { name: 'pubDate', cap: MAX_SHORT },
  'dc:date': { name: 'dcDate', cap: MAX_SHORT },
  published: { name: 'published', cap: MAX_SHORT },
  updated: { name: 'updated', cap: MAX_SHORT },
};

const MEDIA_ATTRS = ['url', 'type', 'medium'];
const LINK_ATTRS = ['rel', 'href', 'type'];

function newField(name: keyof RawEntry, cap: number): Field {
  return { name, cap, parts: [], length: 0 };
}

/** Read-only until an entry has a reference of that kind: most entries never allocate the lists. */
const EMPTY: MediaRef[] = [];

function newEntry(atom: boolean): RawEntry {
  return { links: EMPTY, enclosures: EMPTY, contents: EMPTY, groupContents: EMPTY, atom };
}

/**
 * Reads items out of the document as it is scanned: only the fields an entry needs are copied, each
 * capped, and each item becomes a FeedEntry as soon as it closes.
 */
function collect(xml: string): FeedEntry[] {
  const entries: FeedEntry[] = [];
  let kind: Kind | undefined;
  let channels = 0;
  let itemDepth = 0;
  let item: RawEntry | undefined;
  let refs = 0;
  let field: Field | undefined;
  let inGroup = false;
  let pending: ((values: Record<string, string>) => void) | undefined;
  type Lists = 'links' | 'enclosures' | 'contents' | 'groupContents';
  const addRef = (entry: RawEntry, list: Lists, ref: MediaRef) => {
    if (refs++ >= MAX_REFS) return;
    if (entry[list] === EMPTY) entry[list] = [];
    entry[list].push(ref);
  };
  scanXml(
    xml,
    {
      open(name, depth) {
        pending = undefined;
        if (depth === 1) {
          if (name === 'feed') kind = 'atom';
          else if (name === 'rdf:RDF') kind = 'rdf';
          else if (name === 'rss') {
            pending = (values) => {
              // rss-parser's rule: version 2.x or 0.9x.
              const version = values.version ?? '';
              if (version.startsWith('2') || version.includes('0.9')) kind = 'rss';
            };
            return ['version'];
          }
          return undefined;
        }
        if (!kind) throw new NotAFeed();
        if (kind === 'rss' && depth === 2 && name === 'channel') channels++;
        if (!item) {
          const isItem =
            (kind === 'atom' && depth === 2 && name === 'entry') ||
            (kind === 'rdf' && depth === 2 && name === 'item') ||
            (kind === 'rss' && depth === 3 && name === 'item' && channels === 1);
          if (isItem) {
            item = newEntry(kind === 'atom');
            itemDepth = depth;
            refs = 0;
            inGroup = false;
            if (entries.length >= MAX_ENTRIES) {
              throw new UsageError(
                `The feed has more than ${MAX_ENTRIES} entries; agoras reads feeds up to that.`,
              );
            }
          }
          return undefined;
        }
        const current = item;
        if (depth === itemDepth + 1) {
          if (name === 'media:group') inGroup = true;
          const text = TEXT_FIELDS[name];
          // The first of each field counts, as with rss-parser.
          if (text && current[text.name] === undefined) field = newField(text.name, text.cap);
          if (name === 'enclosure' || name === 'media:content') {
            const list = name === 'enclosure' ? 'enclosures' : 'contents';
            pending = (v) => addRef(current, list, { url: v.url, type: v.type, medium: v.medium });
            return MEDIA_ATTRS;
          }
          if (name === 'link') {
            pending = (v) => addRef(current, 'links', { url: v.href, type: v.type, rel: v.rel });
            return LINK_ATTRS;
          }
          return undefined;
        }
        if (depth === itemDepth + 2 && inGroup) {
          if (name === 'media:title' && current.groupTitle === undefined) {
            field = newField('groupTitle', RAW_TITLE_MAX);
          }
          if (name === 'media:content') {
            pending = (v) => addRef(current, 'groupContents', { url: v.url, type: v.type, medium: v.medium });
            return MEDIA_ATTRS;
          }
        }
        return undefined;
      },
      attributes(values) {
        pending?.(values);
        pending = undefined;
      },
      close(name, depth) {
        if (depth === 1 && !kind) throw new NotAFeed();
        if (!item) return;
        if (field && depth === itemDepth + (field.name === 'groupTitle' ? 2 : 1)) {
          // A field read past its cap is not used, except a title: that is cut, then cleaned.
          const over = field.length > field.cap && field.cap !== RAW_TITLE_MAX;
          if (!over) (item as unknown as Record<string, string>)[field.name] = field.parts.join('');
          field = undefined;
        }
        if (depth === itemDepth + 1 && name === 'media:group') inGroup = false;
        if (depth === itemDepth) {
          entries.push(toFeedEntry(item));
          item = undefined;
        }
      },
      wantsText(depth) {
        return field !== undefined && depth === itemDepth + (field.name === 'groupTitle' ? 2 : 1);
      },
      text(doc, start, end, cdata) {
        const f = field!;
        const room = f.cap - f.length;
        f.length += end - start;
        if (room <= 0) return;
        const piece = doc.slice(start, start + Math.min(room, end - start));
        f.parts.push(cdata ? piece : decodeXml(piece));
      },
    },
    MAX_URL,
  );
  if (!kind) throw new NotAFeed();
  return entries;
}

class NotAFeed extends Error {}

/** True when the text starts (after comments and spaces) with an HTML document, in one pass. */
function looksLikeHtml(text: string): boolean {
  let at = 0;
  for (;;) {
    while (at < text.length && /\s/.test(text[at]!)) at++;
    if (!text.startsWith('<!--', at)) break;
    const end = text.indexOf('-->', at + 4);
    if (end === -1) return false;
    at = end + 3;
  }
  const head = text.slice(at, at + 20).toLowerCase();
  return /^<(!doctype\s+html|html)[\s>]/.test(head);
}

/** Parses RSS 2.0, RSS 1.0 or Atom text into feed entries, in document order. */
export async function parseFeed(xml: string): Promise<FeedEntry[]> {
  const text = xml.charCodeAt(0) === 0xfeff ? xml.slice(1).trim() : xml.trim();
  if (!text) throw new UsageError('The feed is empty: expected RSS or Atom XML.');
  if (looksLikeHtml(text)) {
    throw new UsageError('The feed URL returned an HTML page, not an RSS or Atom feed.');
  }
  if (!text.startsWith('<')) throw new UsageError('The feed is not XML: expected RSS or Atom.');
  try {
    return collect(text);
  } catch (error) {
    if (error instanceof NotAFeed) {
      throw new UsageError('The document is XML but not an RSS or Atom feed.', { cause: error });
    }
    if (error instanceof XmlError) {
      throw new UsageError(`The feed is not valid XML (${error.message}).`, { cause: error });
    }
    throw error;
  }
}
