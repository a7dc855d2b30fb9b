import { describe, expect, it } from 'vitest';
import { NetworkError, RefusedError } from '../../source/shared/errors.js';
import { renderApp, SOURCES, toDetails, toSource } from './drive.js';
import { CREATOR, fakeServices, KEY, press, type, waitForText } from './helpers.js';

const KEY_PEM = '-----BEGIN PRIVATE KEY-----\\nMIIEabc\\n-----END PRIVATE KEY-----';

describe('when the creator settings cannot be read', () => {
  it('the schedule review says so and Esc goes back, instead of an empty screen', async () => {
    const services = fakeServices({
      creatorInfo: async () => {
        throw new RefusedError('TikTok has banned this account from posting.');
      },
    });
    const app = renderApp(services, SOURCES);
    await toSource(app, 'schedule');
    for (const text of ['sheet-1', 'Plan', 'bot@p.iam.gserviceaccount.com']) {
      await type(app.stdin, text);
      await press(app.stdin, KEY.tab);
    }
    await type(app.stdin, KEY_PEM);
    await press(app.stdin, KEY.enter);
    const frame = await waitForText(app.lastFrame, 'TikTok says this account cannot post right now.');
    expect(frame).toContain('banned');
    expect(services.runSchedule).not.toHaveBeenCalled();
    await press(app.stdin, KEY.esc);
    await waitForText(app.lastFrame, 'Spreadsheet ID');
  });

  it('a network failure is worded as such on the details screen, and R tries again (photo: no creator needed before)', async () => {
    let calls = 0;
    const services = fakeServices({
      creatorInfo: async () => {
        calls += 1;
        if (calls === 1) throw new NetworkError('Could not reach TikTok: ECONNRESET.');
        return CREATOR;
      },
    });
    const app = renderApp(services);
    await toDetails(app, 'photo', "Could not read this account's TikTok settings.");
    await press(app.stdin, 'r');
    await waitForText(app.lastFrame, `Posting as ${CREATOR.creator_nickname}`);
    expect(calls).toBe(2);
  });

  it('the video check asks again for the settings after a failed read, instead of repeating the old error', async () => {
    let calls = 0;
    const services = fakeServices({
      creatorInfo: async () => {
        calls += 1;
        if (calls === 1) throw new NetworkError('Could not reach TikTok: ECONNRESET.');
        return CREATOR;
      },
    });
    const app = renderApp(services);
    await toDetails(app, 'video');
    expect(calls).toBe(2);
  });
});
