import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../source/sandbox/index.js';
import { fixture, makeVideoBytes, type ServedFile, serveFiles } from '../sandbox/helpers.js';
import { runCli } from './cli.js';
import {
  atomFeed,
  expectOneLine,
  ids,
  publishesTitled,
  rfc822,
  rfc3339,
  rssFeed,
  sandboxWithAna,
  sha256,
  startCli,
} from './sources-helpers.js';

const MiB = 1024 * 1024;
const MIN = 60_000;
const now = Date.now();
let sandbox: Sandbox;
let env: Record<string, string>;
let files: Awaited<ReturnType<typeof serveFiles>>;
const served: Record<string, ServedFile> = {
  '/v1.mp4': makeVideoBytes(MiB + 1),
  '/v2.mp4': makeVideoBytes(MiB + 2),
  '/v3.mp4': makeVideoBytes(MiB + 3),
  '/v4.mp4': makeVideoBytes(MiB + 4),
  '/big.mp4': makeVideoBytes(40 * MiB),
  '/p1.jpg': fixture('sample.jpg'),
  '/p2.webp': fixture('sample.webp'),
  '/p3.webp': fixture('sample.webp'),
  '/p4.jpg': fixture('sample.jpg'),
  '/p5.jpg': fixture('sample.jpg'),
  '/page.html': { body: '<!doctype html><html><body>Blog</body></html>', contentType: 'text/html' },
  '/text.txt': { body: 'hello, this is not a feed', contentType: 'text/plain' },
  '/note.xml': { body: '<?xml version="1.0"?><note>hi</note>', contentType: 'application/xml' },
};
const url = (path: string) => files.url(path);
const video = (path: string, type: string | undefined = 'video/mp4') => [{ url: url(path), type }];

const feed = (action: string, path: string, flags: string[], extraEnv: Record<string, string> = {}) =>
  runCli(
    [
      ...['publish', '--network', 'tiktok', '--tiktok-username', 'ana', '--action', action],
      ...['--feed-url', url(path), ...flags],
    ],
    { ...env, ...extraEnv },
  );

beforeAll(async () => {
  ({ sandbox, env } = await sandboxWithAna());
  files = await serveFiles(served);
  served['/main.xml'] = rssFeed([
    // +05:30: as an instant 5 minutes ago; read as UTC it would lie 5.5 h in the future.
    {
      id: 'main-1',
      title: 'Caf&amp;eacute; &amp; Cr&#232;me &lt;3',
      date: rfc822(now - 5 * MIN, 330),
      media: video('/v1.mp4'),
    },
    {
      id: 'main-2',
      title: 'Second &#8211; plain',
      date: rfc822(now - 15 * MIN),
      media: video('/v2.mp4', undefined),
    },
    { id: 'main-3', title: 'Third', date: rfc822(now - 25 * MIN), media: video('/v3.mp4') },
    // 2 h 10 min ago written in +02:00: its wall clock reads 10 minutes ago.
    { id: 'main-shifted', title: 'Shifted', date: rfc822(now - 130 * MIN, 120), media: video('/v3.mp4') },
    { id: 'main-old', title: 'Old', date: rfc822(now - 2 * 60 * MIN), media: video('/v3.mp4') },
    { id: 'main-undated', title: 'Undated', media: video('/v3.mp4') },
  ]);
  const images = ['/p1.jpg', '/p2.webp', '/p3.webp', '/p4.jpg', '/p5.jpg'];
  served['/edges.atom'] = atomFeed([
    { id: 'urn:edge-late', title: 'Just too old', date: rfc3339(now - 3660_000), media: video('/v4.mp4') },
    {
      id: 'urn:edge-ist',
      title: 'Atom in Kolkata',
      date: rfc3339(now - 20 * MIN, 330),
      media: video('/v4.mp4'),
    },
    {
      id: 'urn:edge-photo',
      title: 'Five pictures',
      date: rfc3339(now - 10 * MIN),
      media: images.map((p) => ({ url: url(p), type: `image/${p.endsWith('png') ? 'png' : 'jpeg'}` })),
    },
  ]);
  const hoursAgo = (h: number) => rfc822(now - h * 60 * MIN);
  served['/random.xml'] = rssFeed([
    ...[1, 5, 20].map((h) => ({
      id: `young-${h}`,
      title: `Young ${h}`,
      date: hoursAgo(h),
      media: video('/v4.mp4'),
    })),
    ...[26, 240].map((h) => ({
      id: `old-${h}`,
      title: `Old ${h}`,
      date: hoursAgo(h),
      media: video('/v4.mp4'),
    })),
  ]);
  served['/crash.xml'] = rssFeed([
    { id: 'crash-1', title: 'Killed mid-upload', date: rfc822(now - 5 * MIN), media: video('/big.mp4') },
  ]);
  served['/polling.xml'] = rssFeed([
    { id: 'crash-2', title: 'Killed while polling', date: rfc822(now - 5 * MIN), media: video('/v1.mp4') },
  ]);
});

afterAll(async () => {
  await files?.close();
  await sandbox?.close();
});

describe('last-from-feed', () => {
  const flags = [
    ...['--max-count', '2', '--post-lookback', '3600', '--tiktok-privacy-status', 'MUTUAL_FOLLOW_FRIENDS'],
    ...['--no-tiktok-allow-duet', '--brand-organic'],
  ];
  const expected = ['Café & Crème <3', 'Second – plain'];

  it('--dry-run prints the two entries it would post and posts nothing', async () => {
    const before = sandbox.state.publishes.size;
    const r = await feed('last-from-feed', '/main.xml', [...flags, '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      expect.objectContaining({ dryRun: true, kind: 'video', title: expected[0], media: url('/v1.mp4') }),
      expect.objectContaining({ dryRun: true, kind: 'video', title: expected[1], media: url('/v2.mp4') }),
    ]);
    expect(sandbox.state.publishes.size).toBe(before);
  });

  it('posts the two newest dated video entries within the lookback, newest first, with the flags', async () => {
    const before = sandbox.state.publishes.size;
    const r = await feed('last-from-feed', '/main.xml', flags);
    expect(r.code, r.stderr).toBe(0);
    const posted = ids(r.stdout);
    expect(posted).toHaveLength(2);
    expect(sandbox.state.publishes.size).toBe(before + 2);
    const records = posted.map((id) => sandbox.state.publishes.get(id)!);
    expect(records.map((p) => p.post_info?.title)).toEqual(expected);
    expect(records.map((p) => p.sha256)).toEqual([sha256(bytes('/v1.mp4')), sha256(bytes('/v2.mp4'))]);
    for (const record of records) {
      expect(record.status).toBe('PUBLISH_COMPLETE');
      expect(record.post_info).toMatchObject({
        privacy_level: 'MUTUAL_FOLLOW_FRIENDS',
        disable_comment: false,
        disable_duet: true,
        disable_stitch: false,
        brand_organic_toggle: true,
        brand_content_toggle: false,
      });
    }
    for (const title of ['Third', 'Shifted', 'Old', 'Undated'])
      expect(publishesTitled(sandbox, title)).toEqual([]);
    // The log ends with the run's tally.
    expect(r.stderr.trim().split('\n').at(-1)).toBe(
      'Feed done: posted 2, skipped 0 (failed or taken by another run), already posted 0.',
    );
  });

  it('a second identical run posts nothing new', async () => {
    const before = sandbox.state.publishes.size;
    const r = await feed('last-from-feed', '/main.xml', flags);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Nothing new to post from the feed (');
    expect(r.stderr).toContain(', 2 already posted).');
    expect(r.stdout).toBe('');
    expect(sandbox.state.publishes.size).toBe(before);
  });

  it('Atom: Z and +05:30 dates as instants, lookback + 60 s excluded, an image-only entry as 4 photos', async () => {
    const r = await feed('last-from-feed', '/edges.atom', [
      ...['--max-count', '10', '--post-lookback', '3600'],
      ...['--tiktok-privacy-status', 'PUBLIC_TO_EVERYONE', '--tiktok-auto-add-music'],
    ]);
    expect(r.code, r.stderr).toBe(0);
    const [photo, ist, ...rest] = ids(r.stdout).map((id) => sandbox.state.publishes.get(id)!);
    expect(rest).toEqual([]);
    expect(photo?.media_type).toBe('PHOTO');
    expect(photo?.post_info).toMatchObject({ title: 'Five pictures', auto_add_music: true });
    expect(photo?.images?.map((i) => i.sha256)).toEqual(
      ['/p1.jpg', '/p2.webp', '/p3.webp', '/p4.jpg'].map((p) => sha256(bytes(p))),
    );
    expect(files.requests.some((q) => q.path === '/p5.jpg')).toBe(false);
    expect(ist?.post_info?.title).toBe('Atom in Kolkata');
    expect(ist?.sha256).toBe(sha256(bytes('/v4.mp4')));
    expect(publishesTitled(sandbox, 'Just too old')).toEqual([]);
  });
});

describe('random-from-feed', () => {
  it('posts one young entry per run, never an old one, then nothing', async () => {
    const flags = ['--max-post-age', '1', '--tiktok-privacy-status', 'SELF_ONLY'];
    const titles: string[] = [];
    for (let run = 0; run < 3; run++) {
      const r = await feed('random-from-feed', '/random.xml', flags);
      expect(r.code, r.stderr).toBe(0);
      const posted = ids(r.stdout);
      expect(posted).toHaveLength(1);
      titles.push(sandbox.state.publishes.get(posted[0]!)!.post_info?.title as string);
    }
    expect(titles.sort()).toEqual(['Young 1', 'Young 20', 'Young 5']);
    const before = sandbox.state.publishes.size;
    const last = await feed('random-from-feed', '/random.xml', flags);
    expect(last.code, last.stderr).toBe(0);
    expect(last.stdout).toBe('');
    expect(sandbox.state.publishes.size).toBe(before);
    expect(publishesTitled(sandbox, 'Old 26')).toEqual([]);
  });
});

describe('crash safety', () => {
  const flags = ['--tiktok-privacy-status', 'SELF_ONLY', '--post-lookback', '3600'];

  it('a run killed mid-upload is retried by the next run: published exactly once', async () => {
    // Hold the first chunk so the kill surely lands mid-upload.
    sandbox.faults.add({ endpoint: 'upload', action: 'delay', delayMs: 2000, chunkIndex: 0 });
    const run = startCli(
      ['publish', '--network', 'tiktok', '--tiktok-username', 'ana', '--action', 'last-from-feed'],
      { ...env, FEED_URL: url('/crash.xml'), TIKTOK_PRIVACY_STATUS: 'SELF_ONLY' },
    );
    await run.waitFor('stdout', /\{"id":/);
    run.child.kill('SIGKILL');
    const killed = await run.result;
    expect(killed.signal).toBe('SIGKILL');
    const first = sandbox.state.publishes.get(ids(killed.stdout)[0]!)!;
    expect(first.status).toBe('PROCESSING_UPLOAD');
    expect(first.uploaded_bytes).toBeLessThan(40 * MiB);

    const again = await feed('last-from-feed', '/crash.xml', flags);
    expect(again.code, again.stderr).toBe(0);
    expect(ids(again.stdout)).toHaveLength(1);
    const done = publishesTitled(sandbox, 'Killed mid-upload', 'PUBLISH_COMPLETE');
    expect(done).toHaveLength(1);
    expect(done[0]!.sha256).toBe(sha256(bytes('/big.mp4')));
    const third = await feed('last-from-feed', '/crash.xml', flags);
    expect(third.stdout).toBe('');
    expect(publishesTitled(sandbox, 'Killed mid-upload', 'PUBLISH_COMPLETE')).toHaveLength(1);
  });

  it('a run killed after the upload, while polling status, is not posted again', async () => {
    const slow = await sandboxWithAna({ statusDelayMs: 3000 });
    try {
      const run = startCli(
        ['publish', '--network', 'tiktok', '--tiktok-username', 'ana', '--action', 'last-from-feed'],
        { ...slow.env, FEED_URL: url('/polling.xml'), TIKTOK_PRIVACY_STATUS: 'SELF_ONLY' },
      );
      await run.waitFor('stderr', /Checking status/);
      run.child.kill('SIGKILL');
      const killed = await run.result;
      // Every byte arrived; TikTok is still processing (it reports PROCESSING_UPLOAD meanwhile).
      expect(slow.sandbox.state.publishes.get(ids(killed.stdout)[0]!)?.uploaded_bytes).toBe(MiB + 1);
      const rerun = await runCli(
        ['publish', '--network', 'tiktok', '--tiktok-username', 'ana', '--action', 'last-from-feed'],
        { ...slow.env, FEED_URL: url('/polling.xml'), TIKTOK_PRIVACY_STATUS: 'SELF_ONLY' },
      );
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(rerun.stdout, rerun.stderr).toBe('');
      expect(publishesTitled(slow.sandbox, 'Killed while polling')).toHaveLength(1);
    } finally {
      await slow.sandbox.close();
    }
  });
});

describe('feeds that are not feeds', () => {
  it.each([
    ['a 404', '/missing.xml', /HTTP 404/],
    ['an HTML page', '/page.html', /HTML page/],
    ['plain text', '/text.txt', /not XML/],
    ['XML that is not RSS or Atom', '/note.xml', /not an RSS or Atom feed/],
  ])('%s: exit 2 with one agoras: line, nothing posted', async (_name, path, message) => {
    const before = sandbox.state.publishes.size;
    const r = await feed('last-from-feed', path, ['--tiktok-privacy-status', 'SELF_ONLY']);
    expectOneLine(r, 2, message);
    expect(r.stdout).toBe('');
    expect(sandbox.state.publishes.size).toBe(before);
  });
});

function bytes(path: string): Buffer {
  return served[path] as Buffer;
}
