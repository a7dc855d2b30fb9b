import { describe, expect, it } from 'vitest';
import { GUIDELINE_TEXT } from '../../source/core/rules.js';
import { renderApp, toCommercial } from './drive.js';
import { fakeServices, KEY, press, waitForText } from './helpers.js';

// Privacy rows in the fake creator: 0 Everyone, 1 Friends, 2 Only me.
const ONLY_ME = 2;

describe('Commercial content step', () => {
  it('is off by default and continues without a label', async () => {
    const app = renderApp(fakeServices());
    await toCommercial(app);
    const frame = app.lastFrame() ?? '';
    expect(frame).toContain('[ ] Disclose commercial content');
    expect(frame).not.toContain('Your brand');
    expect(frame).toContain('No commercial content label.');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'Label         none');
  });

  it('blocks continuing with the toggle on and nothing chosen, in TikTok’s words', async () => {
    const app = renderApp(fakeServices());
    await toCommercial(app);
    await press(app.stdin, KEY.space);
    await waitForText(app.lastFrame, '[ ] Branded content (a third party)');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, `✗ ${GUIDELINE_TEXT.brandChoiceRequired}`);
    expect(app.lastFrame()).not.toContain('Check what will be posted');
  });

  it('shows the label: Your brand → Promotional content, with Branded content → Paid partnership', async () => {
    const app = renderApp(fakeServices());
    await toCommercial(app);
    await press(app.stdin, KEY.space, KEY.down, KEY.space);
    await waitForText(app.lastFrame, "Your video will be labeled as 'Promotional content'");
    await press(app.stdin, KEY.down, KEY.space);
    await waitForText(app.lastFrame, "Your video will be labeled as 'Paid partnership'");
    await press(app.stdin, KEY.up, KEY.space);
    await waitForText(app.lastFrame, '[ ] Your brand');
    expect(app.lastFrame()).toContain("Your video will be labeled as 'Paid partnership'");
    await press(app.stdin, KEY.enter);
    const review = await waitForText(app.lastFrame, 'Check what will be posted');
    expect(review).toContain('Paid partnership');
    expect(review.replace(/\s*\(https:[^)]*\)/g, '').replace(/\s+/g, ' ')).toContain(
      GUIDELINE_TEXT.brandedDeclaration,
    );
  });

  it('refuses Branded content when the post is Only me, and says to change privacy', async () => {
    const app = renderApp(fakeServices());
    await toCommercial(app, ONLY_ME);
    await press(app.stdin, KEY.space);
    const frame = await waitForText(app.lastFrame, 'Branded content (a third party)');
    expect(frame).toContain(GUIDELINE_TEXT.brandedNotPrivate);
    await press(app.stdin, KEY.down, KEY.down, KEY.space);
    const refused = await waitForText(app.lastFrame, 'press Esc and change privacy first');
    expect(refused).toContain('[ ] Branded content');
    expect(refused).toContain('No commercial content label.');
  });

  it('Only me becomes impossible once Branded content is chosen, and going back keeps the choices', async () => {
    const app = renderApp(fakeServices());
    await toCommercial(app);
    await press(app.stdin, KEY.space, KEY.down, KEY.down, KEY.space);
    await waitForText(app.lastFrame, '[x] Branded content');
    await press(app.stdin, KEY.esc);
    const details = await waitForText(app.lastFrame, 'Posting as');
    expect(details).toContain(`( ) Only me — ${GUIDELINE_TEXT.brandedNotPrivate}`);
    expect(details).toContain('(•) Everyone');
    // Title, Everyone, Friends, Only me: Space on Only me changes nothing.
    await press(app.stdin, KEY.down, KEY.down, KEY.down, KEY.space);
    expect(app.lastFrame()).toContain('(•) Everyone');
    await press(app.stdin, KEY.enter);
    const back = await waitForText(app.lastFrame, 'Disclose commercial content');
    expect(back).toContain('[x] Disclose commercial content');
    expect(back).toContain('[x] Branded content');
  });
});
