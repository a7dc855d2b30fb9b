import { describe, expect, it } from 'vitest';
import { RefusedError } from '../../source/shared/errors.js';
import type { CreatorInfo } from '../../source/tiktok/types.js';
import { renderApp, toDetails } from './drive.js';
import { CREATOR, deferred, fakeServices, KEY, press, type, waitForText } from './helpers.js';

describe('Details step', () => {
  it('fetches creator info when the account is chosen and shows who is posting', async () => {
    const info = deferred<CreatorInfo>();
    const services = fakeServices({ creatorInfo: () => info.promise });
    const app = renderApp(services);
    await waitForText(app.lastFrame, 'Ana Lima');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'What do you want to post?');
    expect(services.creatorInfo).toHaveBeenCalledWith('ana');
    info.resolve({ ...CREATOR, creator_nickname: 'Ana from TikTok' });
    await press(app.stdin, KEY.enter);
    await type(app.stdin, '/videos/clip.mp4');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, '✓');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'Posting as Ana from TikTok');
    expect(services.creatorInfo).toHaveBeenCalledTimes(1);
  });

  it('has no privacy default, unchecked interactions, and blocks until privacy is chosen', async () => {
    const app = renderApp(fakeServices());
    await toDetails(app, 'video');
    const frame = app.lastFrame() ?? '';
    expect(frame).toContain('( ) Everyone');
    expect(frame).toContain('( ) Friends (mutual followers)');
    expect(frame).toContain('( ) Only me');
    expect(frame).not.toContain('(•)');
    expect(frame).toContain('[ ] Allow comments');
    expect(frame).toContain('[ ] Allow duet');
    expect(frame).toContain('[ ] Allow stitch');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, '✗ Choose who can see this post.');
    await press(app.stdin, KEY.down, KEY.down, KEY.space);
    const picked = await waitForText(app.lastFrame, '(•) Friends (mutual followers)');
    expect(picked).not.toContain('Choose who can see');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'Disclose commercial content');
  });

  it('counts the title live and turns it into an error past 2200', async () => {
    const app = renderApp(fakeServices());
    await toDetails(app, 'video');
    await type(app.stdin, 'Hello #fyp');
    await waitForText(app.lastFrame, 'Title  10/2200');
    await type(app.stdin, 'x'.repeat(2191));
    await waitForText(app.lastFrame, '2201/2200 too long');
    await press(app.stdin, KEY.down, KEY.space, KEY.enter);
    await waitForText(app.lastFrame, 'Too long: TikTok allows 2200 characters.');
    expect(app.lastFrame()).not.toContain('Disclose commercial content');
    await press(app.stdin, KEY.up, KEY.backspace);
    const fixed = await waitForText(app.lastFrame, '2200/2200');
    expect(fixed).not.toContain('Too long'); // the error goes once the title is fixed
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'Disclose commercial content');
  });

  it('greys out interactions turned off in TikTok, and Space does not tick them', async () => {
    const services = fakeServices({
      creatorInfo: async () => ({ ...CREATOR, duet_disabled: true, stitch_disabled: true }),
    });
    const app = renderApp(services);
    await toDetails(app, 'video');
    const frame = app.lastFrame() ?? '';
    expect(frame).toContain('[ ] Allow duet — turned off in your TikTok settings');
    expect(frame).toContain('[ ] Allow stitch — turned off in your TikTok settings');
    expect(frame).not.toContain('Allow comments — turned off');
    // Title, 3 privacy rows, comments, duet.
    await press(app.stdin, ...Array(5).fill(KEY.down), KEY.space);
    expect(app.lastFrame()).toContain('› [ ] Allow duet');
    await press(app.stdin, KEY.up, KEY.space);
    await waitForText(app.lastFrame, '› [x] Allow comments');
  });

  it('photo: 90-character title, description counter, only comments and auto-add music', async () => {
    const app = renderApp(fakeServices());
    await toDetails(app, 'photo');
    const frame = app.lastFrame() ?? '';
    expect(frame).toContain('Title  0/90');
    expect(frame).toContain('Description  0/4000');
    expect(frame).toContain('[ ] Allow comments');
    expect(frame).toContain('[ ] Auto-add music');
    expect(frame).not.toContain('duet');
    expect(frame).not.toContain('stitch');
    await type(app.stdin, 'y'.repeat(91));
    await waitForText(app.lastFrame, '91/90 too long');
    await press(app.stdin, KEY.down);
    await type(app.stdin, 'About the trip');
    await waitForText(app.lastFrame, 'Description  14/4000');
  });

  it('stops and says so when TikTok will not let the account post', async () => {
    const services = fakeServices({
      creatorInfo: async () => {
        throw new RefusedError('This account has reached its posting limit for today.', {
          hint: 'Try again tomorrow.',
        });
      },
    });
    const app = renderApp(services);
    await toDetails(app, 'photo', 'cannot post right now');
    const frame = app.lastFrame() ?? '';
    expect(frame).toContain('This account has reached its posting limit for today.');
    expect(frame).toContain('Try again tomorrow.');
    await press(app.stdin, KEY.enter);
    expect(app.lastFrame()).not.toContain('Commercial');
  });

  it('Esc goes back to the media step and forward again keeps the title and privacy', async () => {
    const app = renderApp(fakeServices());
    await toDetails(app, 'video');
    await type(app.stdin, 'Keep me');
    await press(app.stdin, KEY.down, KEY.space, KEY.esc);
    await waitForText(app.lastFrame, '/videos/clip.mp4');
    await press(app.stdin, KEY.enter);
    const frame = await waitForText(app.lastFrame, 'Keep me');
    expect(frame).toContain('(•) Everyone');
  });

  it('photo: a pasted description keeps its line breaks, to the Review and the job', async () => {
    const services = fakeServices();
    const app = renderApp(services);
    await toDetails(app, 'photo');
    await press(app.stdin, KEY.down);
    await waitForText(app.lastFrame, '› Description');
    await type(app.stdin, '\u001b[200~Day one: the coast\nDay two: the hills\u001b[201~');
    await waitForText(app.lastFrame, 'Description  37/4000');
    await press(app.stdin, KEY.down, KEY.space, KEY.enter);
    await waitForText(app.lastFrame, 'Disclose commercial content');
    await press(app.stdin, KEY.enter);
    const review = await waitForText(app.lastFrame, 'Post to TikTok');
    expect(review).toContain('Description   Day one: the coast\n              Day two: the hills');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'Publish ID');
    expect(services.calls.publish[0]?.job).toMatchObject({
      description: 'Day one: the coast\nDay two: the hills',
    });
  });
});
