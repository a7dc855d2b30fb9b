import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedKey } from '../../source/core/run-feed.js';
import type { Runtime } from '../../source/core/runtime.js';
import { createAgoras } from '../../source/core/service.js';
import type { Sandbox } from '../../source/sandbox/index.js';
import { makeVideoBytes, serveFiles } from '../sandbox/helpers.js';
import { renderApp, SOURCES, toSource } from './drive.js';
import { KEY, press, type, waitForText } from './helpers.js';
import { sandboxRuntime } from './sandbox-runtime.js';

let sandbox: Sandbox;
let runtime: Runtime;
let files: Awaited<ReturnType<typeof serveFiles>>;

function rss(items: { guid: string; title: string; agoMin: number; path: string }[]): string {
  const body = items.map(
    (i) =>
      `<item><title>${i.title}</title><guid>${i.guid}</guid>` +
      `<pubDate>${new Date(Date.now() - i.agoMin * 60_000).toUTCString()}</pubDate>` +
      `<enclosure url="${files.url(i.path)}" type="video/mp4"/></item>`,
  );
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Clips</title>${body.join('')}</channel></rss>`;
}

beforeAll(async () => {
  ({ sandbox, runtime } = await sandboxRuntime());
  // The server reads this map per request: the feed, which names the server's URL, goes in after.
  const served: Parameters<typeof serveFiles>[0] = {
    '/a.mp4': makeVideoBytes(300_000),
    '/b.mp4': makeVideoBytes(400_000),
    '/c.mp4': makeVideoBytes(500_000),
  };
  files = await serveFiles(served);
  served['/feed.xml'] = {
    contentType: 'application/rss+xml',
    body: rss([
      { guid: 'clip-1', title: 'Fresh clip #one', agoMin: 10, path: '/a.mp4' },
      { guid: 'clip-2', title: 'Second clip', agoMin: 25, path: '/b.mp4' },
      { guid: 'clip-0', title: 'Old clip', agoMin: 3 * 24 * 60, path: '/c.mp4' },
    ]),
  };
});

afterAll(async () => {
  await files?.close();
  await runtime?.close();
  await sandbox?.close();
});

describe('the real wizard posting from a feed', () => {
  it('posts the recent entries of a served RSS feed with the chosen settings, and only those', async () => {
    const app = renderApp(createAgoras(runtime), SOURCES);
    await toSource(app, 'feed');
    await type(app.stdin, files.url('/feed.xml'));
    // Up to 5 entries of the last hour: the 3-day-old one stays out.
    await press(app.stdin, KEY.tab, KEY.tab, KEY.tab, KEY.backspace);
    await type(app.stdin, '5');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'These settings apply to every post from the feed.');
    // Rows: Everyone, Friends, Only me, comments, duet, stitch, music.
    await press(app.stdin, KEY.down, KEY.down, KEY.space, KEY.down, KEY.space, KEY.enter);
    await waitForText(app.lastFrame, 'Disclose commercial content');
    await press(app.stdin, KEY.enter);
    const review = await waitForText(app.lastFrame, 'Post to TikTok');
    expect(review).toContain('These 2 entries will be posted');
    expect(review).toMatch(/› Entry 1 of 2 · video.*\n +Fresh clip #one/);
    expect(review).toContain('• Second clip — video');
    expect(review).not.toContain('Old clip');
    expect(sandbox.state.publishes.size).toBe(0);
    // The second entry's title, edited in place before posting: that is what TikTok receives.
    await press(app.stdin, KEY.down);
    await waitForText(app.lastFrame, '› Entry 2 of 2');
    await type(app.stdin, '\u0015Renamed clip');
    await waitForText(app.lastFrame, /Renamed clip/);
    await press(app.stdin, KEY.enter);
    const result = await waitForText(app.lastFrame, /2 posted/);
    expect(result).toMatch(/✓ Fresh clip #one — publish ID \S+/);

    const records = [...sandbox.state.publishes.values()];
    expect(records.map((r) => r.post_info?.title).sort()).toEqual(['Fresh clip #one', 'Renamed clip']);
    for (const record of records) {
      expect(record.post_mode).toBe('DIRECT_POST');
      expect(record.post_info).toMatchObject({
        privacy_level: 'SELF_ONLY',
        disable_comment: false,
        disable_duet: true,
        disable_stitch: true,
        brand_content_toggle: false,
        brand_organic_toggle: false,
      });
    }
    // Recorded in the ledger, so a later run does not post them again.
    expect((await runtime.store.posted(feedKey('ana', { key: 'clip-1' })))?.state).toBe('done');
    await press(app.stdin, KEY.enter);
    expect(app.onExit).toHaveBeenCalledWith(0);
  });
});
