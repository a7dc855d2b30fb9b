import { describe, expect, it } from 'vitest';
import { createKeyReader } from '../../source/ui/input/parse-keys.js';
import { renderApp, toCommercial } from './drive.js';
import { fakeServices, KEY, press, tick, waitForText } from './helpers.js';

const read = (data: string) => createKeyReader()(data).map((k) => [k.name, k.input]);

describe('keys that arrive together', () => {
  it('a line ending in Enter is text then Enter; a multi-line paste is one paste, line breaks kept', () => {
    expect(read('ck_123\r')).toEqual([
      ['text', 'ck_123'],
      ['return', ''],
    ]);
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIEv\nQ==\n-----END PRIVATE KEY-----\n';
    expect(read(pem)).toEqual([
      ['paste', '-----BEGIN PRIVATE KEY-----\nMIIEv\nQ==\n-----END PRIVATE KEY-----'],
    ]);
  });

  it.each([
    ['one chunk', (w: (s: string) => void) => w(`${KEY.enter}${KEY.enter}`)],
    [
      'two chunks',
      (w: (s: string) => void) => {
        w(KEY.enter);
        w(KEY.enter);
      },
    ],
  ])('a second Enter (%s) never presses "Post to TikTok" on a review not yet shown', async (_name, send) => {
    const services = fakeServices();
    const app = renderApp(services);
    await toCommercial(app);
    await tick();
    send((s) => app.stdin.write(s)); // two Enters before the review is drawn
    await waitForText(app.lastFrame, 'Post to TikTok');
    for (let i = 0; i < 5; i++) await tick();
    expect(services.calls.publish).toHaveLength(0);
    expect(app.lastFrame()).toContain('Post to TikTok');
    await press(app.stdin, KEY.enter); // a key typed after the review appeared does post
    await waitForText(app.lastFrame, 'Posted');
    expect(services.calls.publish).toHaveLength(1);
  });
});
