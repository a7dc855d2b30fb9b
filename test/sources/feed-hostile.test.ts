// Feed text from an attacker: everything ends, in time linear in the input, within bounded memory.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../source/shared/errors.js';
import { parseFeed } from '../../source/sources/feed-parse.js';
import {
  checkFeedShape,
  MAX_ATTRIBUTE_CHARS,
  MAX_DEPTH,
  MAX_ELEMENTS,
} from '../../source/sources/feed-shape.js';
import { cleanTitle, decodeEntities, RAW_TITLE_MAX } from '../../source/sources/feed-text.js';

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

describe('rss-parser behind the guard: nothing costs without bound', () => {
  it('never expands a DOCTYPE entity (billion laughs)', async () => {
    const doc = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>${rss(
      '<item><guid>g</guid><title>&b;</title></item>',
    )}`;
    const [entry] = await parseFeed(doc);
    expect(entry?.title).toBe('&b;');
  });

  it('a document nested deeper than any feed is refused before rss-parser builds it', async () => {
    // 100 000 levels took 1.1 GB in rss-parser (xml2js keeps an object per level).
    const deep = (n: number) => rss(`<item><guid>g</guid>${'<x>'.repeat(n)}${'</x>'.repeat(n)}</item>`);
    await expect(parseFeed(deep(100_000))).rejects.toThrow(`nested deeper than ${MAX_DEPTH}`);
    await expect(parseFeed(deep(MAX_DEPTH - 4))).resolves.toHaveLength(1);
  });

  it('more elements than agoras reads is a clear refusal', async () => {
    const error = await parseFeed(rss('<item/>'.repeat(MAX_ELEMENTS))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(`more than ${MAX_ELEMENTS} elements`);
  });

  it('attribute values past the budget are refused (sax grows them a character at a time)', async () => {
    const url = (n: number) => `http://e/${'a'.repeat(n)}.mp4`;
    const error = await parseFeed(
      rss(`<item><guid>g</guid><enclosure url="${url(MAX_ATTRIBUTE_CHARS)}" type="video/mp4"/></item>`),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/more than 2 MiB of attribute values/);
    // Quoted `>` and comments, CDATA and declarations do not confuse the count.
    expect(checkFeedShape('<a x="1>2" y=\'z\'><!-- <b c="dd"> --><![CDATA[<e f="gg">]]><g/></a>')).toEqual({
      elements: 2,
      maxDepth: 1,
      attributeChars: 4,
    });
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

  it('descriptions rss-parser would snippet with backtracking expressions are never given to it', async () => {
    // utils.stripHtml's `<\/?(p|…)(?:.|\n)*?>` is quadratic in "<p" without a ">": this never ended.
    const p = '&lt;p'.repeat(200_000);
    const entries = await parseFeed(
      rss(
        `<item><guid>g</guid><title>t</title><description>${p}</description><content:encoded><![CDATA[${'x<p'.repeat(200_000)}]]></content:encoded></item>`,
      ),
    );
    expect(entries.map((e) => e.title)).toEqual(['t']);
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>a</id><title>t</title><content type="html">${p}</content><summary>${p}</summary></entry></feed>`;
    expect((await parseFeed(atom)).map((e) => e.key)).toEqual(['a']);
  });

  it('a bare Atom <link> does not sink the feed (rss-parser reads .$.rel of each)', async () => {
    const atom =
      '<feed xmlns="http://www.w3.org/2005/Atom"><link>x</link><entry><id>a</id><link>y</link><link rel="enclosure" href="https://e/v.mp4"/></entry></feed>';
    const [entry] = await parseFeed(atom);
    expect(entry?.videos).toEqual(['https://e/v.mp4']);
  });

  it('element and attribute names like __proto__ reach no prototype (xml2js builds objects from them)', async () => {
    const [entry] = await parseFeed(
      rss(
        '<item><guid>g</guid><__proto__><polluted>1</polluted></__proto__><constructor><prototype><x>1</x></prototype></constructor><title __proto__="y">x</title></item>',
      ),
    );
    expect(entry?.title).toBe('x');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('control characters in a title never survive into the entry', async () => {
    const [entry] = await parseFeed(
      rss('<item><guid>g</guid><title>a&#27;[2Jb\u001b]0;x\u0007c</title></item>'),
    );
    expect(entry?.title).toBe('a[2Jb]0;xc');
  });
});
