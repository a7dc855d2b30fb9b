// Feed text from an attacker: everything ends, in time linear in the input, within bounded memory.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../source/shared/errors.js';
import { MAX_ENTRIES, parseFeed } from '../../source/sources/feed-parse.js';
import { cleanTitle, decodeEntities, RAW_TITLE_MAX } from '../../source/sources/text.js';

const rss = (items: string) => `<rss version="2.0"><channel><title>t</title>${items}</channel></rss>`;

describe('linear-time text', () => {
  // These ran for minutes (or never ended) with the old regular expressions; they must simply end.
  it('cleanTitle on 2 MB of "<a" without a ">"', () => {
    expect(cleanTitle('<a'.repeat(1_000_000)).length).toBeLessThanOrEqual(RAW_TITLE_MAX);
  });

  it('cleanTitle cuts before processing, then keeps what a person reads', () => {
    expect(cleanTitle(`${'word '.repeat(10_000)}<b>`)).toHaveLength(RAW_TITLE_MAX - 1);
    expect(cleanTitle('<a href="x">link</a> &amp;amp; <3')).toBe('link & <3');
  });

  it('decodeEntities on a million ampersands and a long run without a semicolon', () => {
    expect(decodeEntities('&'.repeat(1_000_000))).toHaveLength(1_000_000);
    expect(decodeEntities(`&${'a'.repeat(1_000_000)}`)).toHaveLength(1_000_001);
  });

  it('an HTML-looking prologue of many comments', async () => {
    const error = await parseFeed(`${'<!--x-->'.repeat(100_000)}<rss`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
  });
});

describe('the scanner refuses what would cost without bound', () => {
  it('never expands a DOCTYPE entity (billion laughs)', async () => {
    const doc = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>${rss(
      '<item><guid>g</guid><title>&b;</title></item>',
    )}`;
    const [entry] = await parseFeed(doc);
    expect(entry?.title).toBe('&b;');
  });

  it('a document nested thousands deep is invalid XML, not a stack overflow', async () => {
    await expect(parseFeed(rss(`${'<x>'.repeat(5000)}${'</x>'.repeat(5000)}`))).rejects.toThrow(
      /nested deeper/,
    );
  });

  it('more entries than agoras reads is a clear refusal', async () => {
    await expect(parseFeed(rss('<item></item>'.repeat(MAX_ENTRIES + 1)))).rejects.toThrow(
      /more than 200000 entries/,
    );
  });

  it('a media URL longer than any client takes is ignored, the entry kept', async () => {
    const [entry] = await parseFeed(
      rss(
        `<item><guid>g</guid><enclosure url="http://e/${'a'.repeat(100_000)}.mp4" type="video/mp4"/></item>`,
      ),
    );
    expect(entry?.videos).toEqual([]);
  });

  it('a date of a megabyte is no date', async () => {
    const [entry] = await parseFeed(
      rss(`<item><guid>g</guid><pubDate>${' '.repeat(1_000_000)}1 May 2024</pubDate></item>`),
    );
    expect(entry?.published).toBeUndefined();
  });

  it('only the first 64 media references of an entry are read', async () => {
    const refs = Array.from({ length: 10_000 }, (_, i) => `<enclosure url="http://e/${i}.jpg"/>`).join('');
    const [entry] = await parseFeed(rss(`<item><guid>g</guid>${refs}</item>`));
    expect(entry?.images).toHaveLength(64);
  });

  it('control characters in a title never survive into the entry', async () => {
    const [entry] = await parseFeed(
      rss('<item><guid>g</guid><title>a&#27;[2Jb\u001b]0;x\u0007c</title></item>'),
    );
    expect(entry?.title).toBe('a[2Jb]0;xc');
  });
});
