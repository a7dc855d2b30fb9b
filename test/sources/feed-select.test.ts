import { describe, expect, test } from 'vitest';
import type { FeedEntry } from '../../source/sources/feed-entry.js';
import {
  entryToJob,
  FUTURE_SKEW_MS,
  type JobTemplate,
  selectLast,
  selectRandom,
} from '../../source/sources/feed-select.js';

const NOW = new Date('2026-11-05T12:00:00Z');
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);
const entry = (key: string, published: Date | undefined, media: Partial<FeedEntry> = {}): FeedEntry => ({
  key,
  title: key,
  videos: [`https://cdn.example.com/${key}.mp4`],
  images: [],
  ...(published ? { published } : {}),
  ...media,
});

/** A small deterministic PRNG (mulberry32), so "random" picks are reproducible. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('selectLast', () => {
  const lookbackSec = 3600;
  test('newest first, capped at maxCount, only postable entries', () => {
    const entries = [
      entry('old', at(-50 * 60_000)),
      entry('newest', at(-1 * 60_000)),
      entry('audio-only', at(-2 * 60_000), { videos: [] }),
      entry('photos', at(-3 * 60_000), { videos: [], images: ['https://img.example.com/1.jpg'] }),
      entry('middle', at(-10 * 60_000)),
    ];
    expect(selectLast(entries, { now: NOW, lookbackSec, maxCount: 3 }).map((e) => e.key)).toEqual([
      'newest',
      'photos',
      'middle',
    ]);
    expect(selectLast(entries, { now: NOW, lookbackSec, maxCount: 10 }).map((e) => e.key)).toEqual([
      'newest',
      'photos',
      'middle',
      'old',
    ]);
    expect(selectLast(entries, { now: NOW, lookbackSec, maxCount: 0 })).toEqual([]);
  });

  test('exactly at the lookback edge is in, one second past is out', () => {
    const entries = [entry('edge', at(-lookbackSec * 1000)), entry('past', at(-lookbackSec * 1000 - 1000))];
    expect(selectLast(entries, { now: NOW, lookbackSec, maxCount: 5 }).map((e) => e.key)).toEqual(['edge']);
  });

  test('undated entries are never recent; future beyond the skew is out, within it is in', () => {
    const entries = [
      entry('undated', undefined),
      entry('slightly-ahead', at(FUTURE_SKEW_MS)),
      entry('far-future', at(FUTURE_SKEW_MS + 1000)),
    ];
    expect(selectLast(entries, { now: NOW, lookbackSec, maxCount: 5 }).map((e) => e.key)).toEqual([
      'slightly-ahead',
    ]);
  });
});

describe('selectRandom', () => {
  const day = 86_400_000;
  const entries = [
    entry('a', at(-1 * day)),
    entry('b', at(-2 * day)),
    entry('edge', at(-7 * day)),
    entry('too-old', at(-7 * day - 1000)),
    entry('undated', undefined),
    entry('no-media', at(-1000), { videos: [] }),
    entry('future', at(2 * day)),
  ];

  test('only picks eligible entries, and covers all of them', () => {
    const random = seeded(42);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(selectRandom(entries, { now: NOW, maxAgeDays: 7, random })!.key);
    expect([...seen].sort()).toEqual(['a', 'b', 'edge']);
  });

  test('the same seed gives the same pick; the index follows random()', () => {
    const first = selectRandom(entries, { now: NOW, maxAgeDays: 7, random: seeded(7) });
    const again = selectRandom(entries, { now: NOW, maxAgeDays: 7, random: seeded(7) });
    expect(first?.key).toBe(again?.key);
    expect(selectRandom(entries, { now: NOW, maxAgeDays: 7, random: () => 0 })?.key).toBe('a');
    expect(selectRandom(entries, { now: NOW, maxAgeDays: 7, random: () => 0.9999 })?.key).toBe('edge');
  });

  test('nothing eligible is undefined', () => {
    expect(selectRandom(entries, { now: NOW, maxAgeDays: 0.5, random: () => 0 })).toBeUndefined();
    expect(selectRandom([], { now: NOW, maxAgeDays: 30, random: () => 0 })).toBeUndefined();
  });
});

describe('entryToJob', () => {
  const template: JobTemplate = {
    privacy: 'SELF_ONLY',
    allowComments: false,
    allowDuet: true,
    allowStitch: false,
    autoAddMusic: true,
    brand: { organic: true, content: false },
    source: 'pull',
    mode: 'inbox',
  };

  test('a video entry becomes a VideoJob with the first video and the flags', () => {
    const job = entryToJob(
      entry('ep', NOW, {
        title: 'Ep 1',
        videos: ['https://a/1.mp4', 'https://a/2.mp4'],
        images: ['https://a/p.jpg'],
      }),
      template,
    );
    expect(job).toEqual({
      kind: 'video',
      media: 'https://a/1.mp4',
      title: 'Ep 1',
      privacy: 'SELF_ONLY',
      allowComments: false,
      allowDuet: true,
      allowStitch: false,
      brand: { organic: true, content: false },
      source: 'pull',
      mode: 'inbox',
      origin: { kind: 'feed', key: 'ep', label: 'Ep 1' },
    });
  });

  test('video titles are cut to 2200 UTF-16 units without splitting an emoji', () => {
    const title = `${'a'.repeat(2199)}😀 tail`;
    const job = entryToJob(entry('long', NOW, { title }), template);
    expect(job.title).toBe('a'.repeat(2199)); // the emoji would straddle unit 2200
    expect(job.title.length).toBeLessThanOrEqual(2200);
  });

  test('an image-only entry becomes a PhotoJob: four images, short title, full description', () => {
    const images = [1, 2, 3, 4, 5].map((n) => `https://img/${n}.jpg`);
    const title = `${'é'.repeat(89)}🎉 and a long rest of the caption`;
    const job = entryToJob(entry('gallery', NOW, { title, videos: [], images }), template);
    expect(job.kind).toBe('photo');
    if (job.kind !== 'photo') return;
    expect(job.images).toEqual(images.slice(0, 4));
    expect(job.title).toBe('é'.repeat(89)); // 🎉 would need units 90–91
    expect(job.description).toBe(title);
    expect(job.autoAddMusic).toBe(true);
    expect(job.mode).toBe('inbox');
    expect(job).not.toHaveProperty('allowDuet');
  });

  test('an entry with nothing to post is a programming error', () => {
    expect(() => entryToJob(entry('none', NOW, { videos: [], images: [] }), template)).toThrow(/isPostable/);
  });
});
