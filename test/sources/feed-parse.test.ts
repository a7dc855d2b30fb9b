import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { UsageError } from '../../source/shared/errors.js';
import { parseFeedDate } from '../../source/sources/feed-entry.js';
import { parseFeed } from '../../source/sources/feed-parse.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url), 'utf8');

describe('parseFeed on real-world shapes', () => {
  test('YouTube Atom: media:group player URLs are not videos, mp4 media:content in a group is', async () => {
    const [youtube, peertube] = await parseFeed(fixture('youtube-atom.xml'));
    expect(youtube).toMatchObject({
      key: 'yt:video:AbCdEfGhIjK',
      title: "Paella in 60 seconds & why it's orange",
      videos: [],
      images: [],
      link: 'https://www.youtube.com/watch?v=AbCdEfGhIjK',
    });
    // published wins over updated.
    expect(youtube?.published?.toISOString()).toBe('2026-11-05T09:30:00.000Z');
    // The entry title is empty: media:group > media:title stands in.
    expect(peertube?.title).toBe('Street food in Valencia');
    expect(peertube?.videos).toEqual([
      'https://videos.example.org/static/web-videos/ZyXwVuTsRqP-1080.mp4',
      'https://videos.example.org/static/web-videos/ZyXwVuTsRqP-480.mp4',
    ]);
    expect(peertube?.published?.toISOString()).toBe('2026-11-04T23:00:00.000Z');
  });

  test('podcast RSS: enclosures by type or extension, CDATA titles, named zones, bad dates', async () => {
    const entries = await parseFeed(fixture('podcast-rss.xml'));
    const byKey = new Map(entries.map((e) => [e.key, e]));
    const ep42 = byKey.get('workshop-ep-42');
    expect(ep42?.title).toBe('Ep. 42 — Café racer rebuild part 2');
    expect(ep42?.published?.toISOString()).toBe('2026-11-05T12:00:00.000Z'); // 07:00 EST
    expect(ep42?.videos).toEqual(['https://cdn.example.com/workshop/ep42.mp4']);
    // No type attribute; the .MOV path decides.
    expect(byKey.get('https://podcast.example.com/41')?.videos).toEqual([
      'https://cdn.example.com/workshop/ep41.MOV',
    ]);
    expect(byKey.get('workshop-ep-40')?.videos).toEqual([]); // audio/mpeg
    expect(byKey.get('workshop-ep-39')?.published).toBeUndefined(); // no pubDate
    expect(byKey.get('workshop-ep-38')?.published).toBeUndefined(); // "sometime last week"
    expect(byKey.get('workshop-ep-37')?.published).toBeUndefined(); // IST is ambiguous: not guessed
    expect(entries).toHaveLength(6);
  });

  test('Media RSS: image-only entries, HTML entities in raw XML, bare ampersands, +05:30', async () => {
    const [monsoon, creme, live, opaque] = await parseFeed(fixture('media-rss.xml'));
    expect(monsoon?.videos).toEqual([]);
    expect(monsoon?.images).toHaveLength(5);
    expect(monsoon?.images[1]).toBe('https://img.example.in/monsoon/2.JPEG');
    expect(monsoon?.published?.toISOString()).toBe('2026-11-05T02:30:00.000Z'); // dc:date 08:00+05:30
    expect(monsoon?.key).toBe('https://news.example.in/monsoon'); // no guid: the link
    expect(creme?.title).toBe("Chef's table: créme brûlée & more");
    expect(creme?.videos).toEqual(['https://clips.example.in/creme/clip.webm?token=abc']);
    expect(creme?.images).toEqual(['https://img.example.in/creme/poster.jpg']);
    expect(creme?.published?.toISOString()).toBe('2026-11-04T17:45:00.000Z');
    expect(live?.videos).toEqual([]); // an HLS playlist is not a file TikTok can take
    expect(opaque?.videos).toEqual(['https://cdn.example.in/get?id=99']); // type alone is enough
  });

  test('Atom: rel=enclosure links, double-escaped html titles, a bad published date does not sink the feed', async () => {
    const [post, notes] = await parseFeed(fixture('blog-atom.xml'));
    expect(post?.title).toBe("Tom & Jerry's new build");
    expect(post?.videos).toEqual(['https://maker.example.net/media/build-7.mov']);
    expect(post?.published?.toISOString()).toBe('2026-11-05T09:59:59.000Z'); // from <updated>
    expect(notes?.images).toEqual(['https://maker.example.net/media/notes-6.png']);
    expect(notes?.published).toBeUndefined();
  });

  test('an empty but valid feed is an empty list', async () => {
    await expect(parseFeed(fixture('empty-rss.xml'))).resolves.toEqual([]);
  });

  test('entries without guid, id or link get a key from title and date', async () => {
    const xml =
      '<rss version="2.0"><channel><title>t</title>' +
      '<item><title>Only a title</title><pubDate>Thu, 05 Nov 2026 10:00:00 GMT</pubDate></item></channel></rss>';
    const [entry] = await parseFeed(xml);
    expect(entry?.key).toBe('Only a title|2026-11-05T10:00:00.000Z');
  });

  test.each([
    ['not-a-feed.html', /HTML page/],
    ['empty string', /empty/],
    ['plain text', /not XML/],
    ['broken XML', /not valid XML/],
    ['XML that is not a feed', /not an RSS or Atom feed/],
  ])('%s is a one-line UsageError', async (name, message) => {
    const inputs: Record<string, string> = {
      'not-a-feed.html': fixture('not-a-feed.html'),
      'empty string': '  \n',
      'plain text': 'Moved permanently',
      'broken XML': '<rss version="2.0"><channel><item><title>x</title></channel>',
      'XML that is not a feed': '<?xml version="1.0"?><config><a>1</a></config>',
    };
    const error = await parseFeed(inputs[name]!).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });
});

describe('parseFeedDate', () => {
  test.each([
    ['Thu, 05 Nov 2026 07:00:00 EST', '2026-11-05T12:00:00.000Z'],
    ['Thu, 05 Nov 2026 07:00:00 PDT', '2026-11-05T14:00:00.000Z'],
    ['2026-11-05T08:00:00+05:30', '2026-11-05T02:30:00.000Z'],
    ['2026-11-05T08:00:00.250Z', '2026-11-05T08:00:00.250Z'],
    // No zone at all: read as UTC, never as the machine's zone.
    ['2026-11-05T08:00:00', '2026-11-05T08:00:00.000Z'],
    ['05 Nov 2026 08:00', '2026-11-05T08:00:00.000Z'],
  ])('%s is %s', (raw, iso) => {
    expect(parseFeedDate(raw)?.toISOString()).toBe(iso);
  });

  test.each(['', 'sometime last week', 'Thu, 05 Nov 2026 07:00:00 CEST', '2026-13-40T00:00:00Z'])(
    '%j is undefined',
    (raw) => {
      expect(parseFeedDate(raw)).toBeUndefined();
    },
  );
});
