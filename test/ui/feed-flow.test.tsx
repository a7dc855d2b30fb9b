import { describe, expect, it } from 'vitest';
import { UsageError } from '../../source/shared/errors.js';
import { renderApp, SOURCES, toSource } from './drive.js';
import { FEED_PREVIEW, fakeServices, KEY, press, prose, type, waitForText } from './helpers.js';

const URL = 'https://blog.test/feed.xml';

describe('Post from a feed', () => {
  it('refuses an empty URL and a bad count under their fields, without reading the feed', async () => {
    const services = fakeServices();
    const app = renderApp(services, SOURCES);
    await toSource(app, 'feed');
    await press(app.stdin, KEY.tab, KEY.tab, KEY.tab, KEY.backspace);
    await type(app.stdin, '0');
    await press(app.stdin, KEY.enter);
    const frame = await waitForText(app.lastFrame, 'Enter the feed’s http(s) URL.');
    expect(frame).toContain('✗ A whole number, 1 or more.');
    expect(services.previewFeed).not.toHaveBeenCalled();
    // Fixing a field takes its error away at once; the other field's stays until it is fixed.
    await press(app.stdin, KEY.backspace);
    await type(app.stdin, '3');
    const fixed = await waitForText(app.lastFrame, /At most this many entries\n\s+3/);
    expect(fixed).not.toContain('A whole number, 1 or more.');
    expect(fixed).toContain('Enter the feed’s http(s) URL.');
  });

  it('shows why the feed could not be read under the URL and stays on the screen', async () => {
    const services = fakeServices({
      previewFeed: async () => {
        throw new UsageError('That is not an RSS or Atom feed.');
      },
    });
    const app = renderApp(services, SOURCES);
    await toSource(app, 'feed');
    await type(app.stdin, URL);
    await press(app.stdin, KEY.enter);
    const frame = await waitForText(app.lastFrame, '✗ That is not an RSS or Atom feed.');
    expect(frame).toContain('Feed URL');
    expect(frame).not.toContain('Who can see this post');
  });

  it('says when there is nothing new to post, with what core found', async () => {
    const services = fakeServices({
      previewFeed: async () => ({ ...FEED_PREVIEW, items: [], notes: ['Nothing new (5 entries read).'] }),
    });
    const app = renderApp(services, SOURCES);
    await toSource(app, 'feed');
    await type(app.stdin, URL);
    await press(app.stdin, KEY.enter);
    const frame = await waitForText(app.lastFrame, 'Nothing new to post from this feed');
    expect(frame).toContain('Nothing new (5 entries read).');
  });

  it('sends the random mode with its max age', async () => {
    const services = fakeServices();
    const app = renderApp(services, SOURCES);
    await toSource(app, 'feed');
    await type(app.stdin, URL);
    await press(app.stdin, KEY.tab, KEY.tab, KEY.space);
    await waitForText(app.lastFrame, 'Not older than this many days');
    await press(app.stdin, KEY.tab, KEY.backspace);
    await type(app.stdin, '30');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'Who can see this post');
    expect(services.previewFeed).toHaveBeenCalledWith(
      expect.objectContaining({ feedUrl: URL, mode: 'random', maxAgeDays: 30 }),
      expect.any(AbortSignal),
    );
  });

  it('goes from URL to results: no privacy default, the reviewed entries and exactly their run', async () => {
    const services = fakeServices();
    const app = renderApp(services, SOURCES);
    await toSource(app, 'feed');
    await type(app.stdin, URL);
    // Rows: URL, newest, random, max count, lookback, unit.
    await press(app.stdin, KEY.tab, KEY.tab, KEY.tab, KEY.backspace);
    await type(app.stdin, '3');
    await press(app.stdin, KEY.tab, KEY.backspace);
    await type(app.stdin, '30');
    await press(app.stdin, KEY.tab, KEY.space);
    await waitForText(app.lastFrame, 'Counted in minutes');
    await press(app.stdin, KEY.enter);
    const details = await waitForText(app.lastFrame, 'These settings apply to every post from the feed.');
    expect(services.previewFeed).toHaveBeenCalledWith(
      { username: 'ana', feedUrl: URL, mode: 'last', maxCount: 3, lookbackSec: 1800, maxAgeDays: 7 },
      expect.any(AbortSignal),
    );
    // No privacy is chosen and no interaction is ticked until the user does it; no title field.
    expect(details).not.toContain('(•)');
    expect(details).not.toContain('[x]');
    expect(details).not.toContain('Title');
    expect(details).toContain('Auto-add music');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'Choose who can see this post.');
    await press(app.stdin, KEY.down, KEY.space, KEY.down, KEY.down, KEY.space, KEY.enter);
    await waitForText(app.lastFrame, 'Disclose commercial content');
    await press(app.stdin, KEY.space, KEY.down, KEY.space, KEY.enter);
    const review = await waitForText(app.lastFrame, 'Post to TikTok');
    expect(review).toContain('These 2 entries will be posted');
    expect(review).toMatch(/› Entry 1 of 2 · video · .*\n +Sunset timelapse/);
    expect(review).toContain('• Harbour photos — 2 images');
    expect(review).toContain('1 recent entry was already posted.');
    expect(review).toContain('Friends (mutual followers)');
    expect(review).toContain('Comments on · Duet off · Stitch off · Auto-add music off');
    expect(review).toContain('Promotional content');
    expect(prose(review)).toContain("By posting, you agree to TikTok's Music Usage Confirmation.");
    expect(services.runFeed).not.toHaveBeenCalled();
    // Esc keeps everything typed.
    await press(app.stdin, KEY.esc, KEY.esc, KEY.esc);
    await waitForText(app.lastFrame, URL);
    await press(app.stdin, KEY.esc, KEY.enter);
    await waitForText(app.lastFrame, URL);

    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, '(•) Friends');
    await press(app.stdin, KEY.enter, KEY.enter);
    await waitForText(app.lastFrame, 'Post to TikTok');
    await press(app.stdin, KEY.enter);
    const result = await waitForText(app.lastFrame, '1 posted, 1 not posted');
    expect(result).toContain('✓ Sunset timelapse — publish ID v_pub_7');
    expect(result).toContain('✗ Harbour photos: TikTok could not pull the images.');
    expect(services.runFeed).toHaveBeenCalledTimes(1);
    expect(services.runFeed).toHaveBeenCalledWith(
      {
        username: 'ana',
        feedUrl: URL,
        mode: 'last',
        maxCount: 3,
        lookbackSec: 1800,
        maxAgeDays: 7,
        template: {
          privacy: 'MUTUAL_FOLLOW_FRIENDS',
          allowComments: true,
          allowDuet: false,
          allowStitch: false,
          autoAddMusic: false,
          brand: { organic: true, content: false },
          source: 'upload',
          mode: 'direct',
        },
        plan: FEED_PREVIEW.plan,
        keys: ['guid-2', 'guid-1'],
        titles: {},
      },
      expect.anything(),
      expect.any(AbortSignal),
    );
    await press(app.stdin, KEY.enter);
    expect(app.onExit).toHaveBeenCalledWith(4);
  });
});
