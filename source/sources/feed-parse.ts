import Parser from 'rss-parser';
import { UsageError } from '../shared/errors.js';
import { type FeedEntry, type RawItem, toFeedEntry } from './feed-entry.js';
import { repairXmlEntities } from './text.js';

export type { FeedEntry } from './feed-entry.js';

const CUSTOM_ITEM_FIELDS: Parser.CustomFieldItem<RawItem>[] = [
  // rss-parser keeps only the first <enclosure>; podcasts sometimes list several renditions.
  ['enclosure', 'enclosures', { keepArray: true }],
  ['media:content', 'mediaContent', { keepArray: true }],
  ['media:group', 'mediaGroup', { keepArray: true }],
  // Atom enclosures are <link rel="enclosure">; rss-parser keeps only the alternate link.
  ['link', 'atomLinks', { keepArray: true }],
  // The raw strings, so we parse the zone ourselves instead of trusting toISOString round trips.
  ['published', 'publishedRaw'],
  ['updated', 'updatedRaw'],
];

type AtomEntry = Record<string, unknown>;

function makeParser(): Parser<unknown, RawItem> {
  const parser = new Parser<unknown, RawItem>({ customFields: { item: CUSTOM_ITEM_FIELDS } });
  // rss-parser calls `new Date(published).toISOString()` on Atom entries, which throws on a bad
  // date and rejects the whole feed. Hide unparseable dates from it; our own fields keep them.
  const atom = parser as unknown as { parseItemAtom(entry: AtomEntry): RawItem };
  const original = atom.parseItemAtom.bind(parser);
  atom.parseItemAtom = (entry) => {
    const safe = { ...entry };
    for (const field of ['published', 'updated']) {
      const value = (safe[field] as unknown[] | undefined)?.[0];
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) delete safe[field];
    }
    const item = original(safe);
    if (entry.published) item.publishedRaw = (entry.published as unknown[])[0];
    if (entry.updated) item.updatedRaw = (entry.updated as unknown[])[0];
    return item;
  };
  return parser;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]?.trim() ?? '';
}

/** Parses RSS 2.0, RSS 1.0 or Atom text into feed entries, in document order. */
export async function parseFeed(xml: string): Promise<FeedEntry[]> {
  const text = xml.replace(/^\uFEFF/, '').trim();
  if (!text) throw new UsageError('The feed is empty: expected RSS or Atom XML.');
  if (/^(<!--[\s\S]*?-->\s*)*<(!doctype\s+html|html)[\s>]/i.test(text)) {
    throw new UsageError('The feed URL returned an HTML page, not an RSS or Atom feed.');
  }
  if (!text.startsWith('<')) throw new UsageError('The feed is not XML: expected RSS or Atom.');
  let feed: Parser.Output<RawItem>;
  try {
    feed = await makeParser().parseString(repairXmlEntities(text));
  } catch (error) {
    const reason = firstLine(error);
    if (/not recognized/i.test(reason)) {
      throw new UsageError('The document is XML but not an RSS or Atom feed.', { cause: error });
    }
    throw new UsageError(`The feed is not valid XML (${reason}).`, { cause: error });
  }
  return (feed.items ?? []).map(toFeedEntry);
}
