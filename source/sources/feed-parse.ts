// Feeds are parsed by rss-parser (RSS 0.9x/1.0/2.0 and Atom). What stands in front of it: the
// fetch's size cap and deadline (feed-fetch.ts), the shape check (feed-shape.ts), and the
// reference repair that a strict parser needs (feed-text.ts). Its items become FeedEntry values
// in feed-entry.ts; nothing from the feed reaches a terminal or TikTok before it is sanitised.
import Parser from 'rss-parser';
import { UsageError } from '../shared/errors.js';
import { remoteText } from '../shared/sanitize.js';
import { type FeedEntry, type RawItem, toFeedEntry } from './feed-entry.js';
import { checkFeedShape } from './feed-shape.js';
import { repairReferences } from './feed-text.js';

export type { FeedEntry } from './feed-entry.js';

const CUSTOM_ITEM_FIELDS: Parser.CustomFieldItem<RawItem>[] = [
  // rss-parser keeps only the first <enclosure>; podcasts sometimes list several renditions.
  ['enclosure', 'enclosures', { keepArray: true }],
  ['media:content', 'mediaContent', { keepArray: true }],
  ['media:group', 'mediaGroup', { keepArray: true }],
  // Atom enclosures are <link rel="enclosure">; rss-parser keeps only the alternate link.
  ['link', 'links', { keepArray: true }],
  // The raw dates: the zone is read by parseFeedDate, never by a toISOString round trip.
  ['published', 'publishedRaw'],
  ['updated', 'updatedRaw'],
];

type XmlItem = Record<string, unknown>;

/** An item without the fields agoras never reads and rss-parser would process at a cost. */
function without(item: XmlItem, fields: readonly string[]): XmlItem {
  const copy = { ...item };
  for (const field of fields) delete copy[field];
  return copy;
}

/** Atom links rss-parser can read: getLink reads `.$.rel` of each and throws on a bare <link>. */
function linksWithAttributes(node: XmlItem): XmlItem {
  const links = node.link;
  if (!Array.isArray(links)) return node;
  return { ...node, link: links.filter((l) => l && typeof l === 'object' && '$' in l) };
}

// rss-parser makes a text snippet of every description and content with regular expressions
// that backtrack (`<(?:.|\n)*?>`: a description of 200 000 "<p" never ends), and turns non-text
// content back into XML. agoras reads neither, so they are left out before it looks.
const RSS_SKIPPED = ['description', 'content:encoded'];
// Its Atom reader also calls `new Date(published).toISOString()`, which throws on a bad date and
// sinks the whole feed: the raw dates are kept aside and read by parseFeedDate instead.
const ATOM_SKIPPED = ['content', 'summary', 'published', 'updated'];

function makeParser(): Parser<unknown, RawItem> {
  const parser = new Parser<unknown, RawItem>({ customFields: { item: CUSTOM_ITEM_FIELDS } });
  type Hooks = {
    parseItemRss(item: XmlItem, fields: unknown): RawItem;
    parseItemAtom(entry: XmlItem): RawItem;
    buildAtomFeed(doc: { feed: XmlItem }): unknown;
  };
  const hooks = parser as unknown as Hooks;
  const rss = hooks.parseItemRss.bind(parser);
  const atom = hooks.parseItemAtom.bind(parser);
  const atomFeed = hooks.buildAtomFeed.bind(parser);
  hooks.parseItemRss = (item, fields) => rss(without(item, RSS_SKIPPED), fields);
  hooks.parseItemAtom = (entry) => {
    const item = atom(without(linksWithAttributes(entry), ATOM_SKIPPED));
    item.atom = true;
    if (entry.published) item.publishedRaw = (entry.published as unknown[])[0];
    if (entry.updated) item.updatedRaw = (entry.updated as unknown[])[0];
    return item;
  };
  hooks.buildAtomFeed = (doc) => atomFeed({ ...doc, feed: linksWithAttributes(doc.feed) });
  return parser;
}

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

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return remoteText(message.split('\n')[0]?.trim() ?? '', 120);
}

/** Parses RSS 2.0, RSS 1.0 or Atom text into feed entries, in document order. */
export async function parseFeed(xml: string): Promise<FeedEntry[]> {
  const text = xml.charCodeAt(0) === 0xfeff ? xml.slice(1).trim() : xml.trim();
  if (!text) throw new UsageError('The feed is empty: expected RSS or Atom XML.');
  if (looksLikeHtml(text)) {
    throw new UsageError('The feed URL returned an HTML page, not an RSS or Atom feed.');
  }
  if (!text.startsWith('<')) throw new UsageError('The feed is not XML: expected RSS or Atom.');
  checkFeedShape(text);
  let feed: Parser.Output<RawItem>;
  try {
    feed = await makeParser().parseString(repairReferences(text));
  } catch (error) {
    const reason = firstLine(error);
    if (/not recognized/i.test(reason)) {
      throw new UsageError('The document is XML but not an RSS or Atom feed.', { cause: error });
    }
    throw new UsageError(`The feed is not valid XML (${reason}).`, { cause: error });
  }
  return (feed.items ?? []).map(toFeedEntry);
}
