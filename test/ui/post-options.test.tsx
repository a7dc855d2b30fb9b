import { describe, expect, it } from 'vitest';
import { renderApp, toMedia } from './drive.js';
import { fakeServices, KEY, press, type, waitForText } from './helpers.js';

async function toDetailsWith(app: ReturnType<typeof renderApp>, media: string) {
  await toMedia(app, 'video');
  await type(app.stdin, media);
  await press(app.stdin, KEY.enter);
  await waitForText(app.lastFrame, '✓');
  await press(app.stdin, KEY.enter);
  await waitForText(app.lastFrame, 'Posting as');
}

describe('the wizard offers what headless offers', () => {
  it('inbox draft, AI-generated label, pull from a verified URL and a cover frame as m:ss', async () => {
    const services = fakeServices();
    const app = renderApp(services);
    await toDetailsWith(app, 'https://cdn.test/clip.mp4');
    const folded = await waitForText(app.lastFrame, '▸ More options');
    expect(folded).toContain('direct post; Space to open');
    await press(app.stdin, KEY.down, KEY.space, KEY.up, KEY.up, KEY.space);
    const open = await waitForText(app.lastFrame, '▾ More options');
    expect(open).toContain('[ ] Send to my TikTok inbox as a draft');
    expect(open).toContain('[ ] AI-generated content (TikTok labels it)');
    expect(open).toContain('[ ] TikTok pulls the URL itself (its domain must be verified)');
    expect(open).toContain('Cover frame: milliseconds or m:ss');
    await press(app.stdin, KEY.down, KEY.space, KEY.down, KEY.space, KEY.down, KEY.space, KEY.down);
    await type(app.stdin, 'x');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'Give the frame in milliseconds (1500) or as m:ss (0:01.5).');
    await type(app.stdin, '\u0015');
    await type(app.stdin, '0:01.5');
    const fixed = await waitForText(app.lastFrame, '0:01.5');
    expect(fixed).not.toContain('Give the frame');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'Disclose commercial content');
    await press(app.stdin, KEY.enter);
    const review = await waitForText(app.lastFrame, 'Post to TikTok');
    expect(review).toContain('Posting       Draft in your TikTok inbox (you finish it in the app) · TikTok');
    expect(review).toContain('AI-generated  Yes: labeled as AI-generated content');
    expect(review).toContain('Cover         the frame at 0:01.500');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'Publish ID');
    expect(services.calls.publish[0]?.job).toMatchObject({
      kind: 'video',
      media: 'https://cdn.test/clip.mp4',
      mode: 'inbox',
      source: 'pull',
      isAigc: true,
      coverTimestampMs: 1500,
    });
  });

  it('a local file is uploaded: no pull option; a photo post offers the inbox only', async () => {
    const app = renderApp(fakeServices());
    await toDetailsWith(app, '/videos/clip.mp4');
    await press(app.stdin, KEY.up, KEY.space);
    const open = await waitForText(app.lastFrame, '▾ More options');
    expect(open).not.toContain('TikTok pulls the URL');
    expect(open).toContain('AI-generated');

    const photo = renderApp(fakeServices());
    await toMedia(photo, 'photo');
    await type(photo.stdin, 'https://img.test/1.jpg');
    await press(photo.stdin, KEY.enter);
    await waitForText(photo.lastFrame, '✓');
    await press(photo.stdin, KEY.enter);
    await waitForText(photo.lastFrame, 'Posting as');
    await press(photo.stdin, KEY.up, KEY.space);
    const photoOptions = await waitForText(photo.lastFrame, '▾ More options');
    expect(photoOptions).toContain('Send to my TikTok inbox as a draft');
    expect(photoOptions).not.toContain('AI-generated');
    expect(photoOptions).not.toContain('Cover frame');
  });
});
