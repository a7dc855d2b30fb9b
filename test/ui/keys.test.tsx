import { describe, expect, it } from 'vitest';
import { createKeyReader } from '../../source/ui/input/parse-keys.js';
import { renderApp, toCommercial } from './drive.js';
import { fakeServices, KEY, press, tick, waitForText } from './helpers.js';

const read = (data: string) => createKeyReader()(data).map((k) => [k.name, k.input]);

describe('keys that arrive together', () => {
  it('outside a bracketed paste every Enter is a key: fields typed fast never merge', () => {
    expect(read('ck_123\r')).toEqual([
      ['text', 'ck_123'],
      ['return', ''],
    ]);
    // `tmux send-keys shop Enter mykey`, or fast typing over SSH: one read, three keys.
    expect(read('shop\rmykey\rs3cret')).toEqual([
      ['text', 'shop'],
      ['return', ''],
      ['text', 'mykey'],
      ['return', ''],
      ['text', 's3cret'],
    ]);
  });

  it('a bracketed paste is one paste, line breaks kept', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\r\nMIIEv\r\nQ==\r\n-----END PRIVATE KEY-----';
    expect(read(`\u001b[200~${pem}\u001b[201~`)).toEqual([
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
