import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { choose } from '../../source/cli/choice-prompt.js';
import { askCommercial, askInteractions } from '../../source/cli/confirm-post.js';
import type { VideoJob } from '../../source/shared/post-job.js';
import { CREATOR } from '../ui/helpers.js';

/** A prompt on streams: what it printed, and a way to type into it. */
function terminal() {
  const input = new PassThrough();
  const output = new PassThrough();
  // Each prompt ends the stream it was piped to: the terminal stays open for the next one.
  output.end = () => output;
  let printed = '';
  output.on('data', (d: Buffer) => {
    printed += d.toString();
  });
  const plain = () => printed.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
  return { context: { input, output }, type: (keys: string) => input.write(keys), plain };
}

const settle = () => new Promise((r) => setTimeout(r, 30));

const VIDEO: VideoJob = {
  kind: 'video',
  media: '/v.mp4',
  title: 't',
  privacy: 'SELF_ONLY',
  allowComments: true,
  allowDuet: true,
  allowStitch: true,
  brand: { organic: false, content: false },
  source: 'upload',
  mode: 'direct',
  interactionsFromDefaults: true,
};

describe('the prompt path', () => {
  it('privacy has no default: Enter alone chooses nothing and says so', async () => {
    const t = terminal();
    const answer = choose(
      {
        message: 'Who can see this post?',
        nothingChosen: 'Nothing is chosen.',
        choices: [
          { value: 'PUBLIC_TO_EVERYONE', name: 'Everyone' },
          {
            value: 'SELF_ONLY',
            name: 'Only me',
            disabled: 'Branded content visibility cannot be set to private.',
          },
          { value: 'MUTUAL_FOLLOW_FRIENDS', name: 'Friends' },
        ],
      },
      t.context,
    );
    await settle();
    expect(t.plain()).not.toContain('❯');
    t.type('\r');
    await settle();
    expect(t.plain()).toContain('Nothing is chosen.');
    expect(t.plain()).toContain('- Only me (Branded content visibility cannot be set to private.)');
    t.type('\u001b[B\u001b[B\r'); // Down skips the disabled choice
    await expect(answer).resolves.toBe('MUTUAL_FOLLOW_FRIENDS');
  });

  it('interactions start off, the ones the creator turned off are shown so and cannot be chosen', async () => {
    const t = terminal();
    const asked = askInteractions(VIDEO, { ...CREATOR, duet_disabled: true }, t.context);
    await vi.waitFor(() => expect(t.plain()).toMatch(/Allow duet.*turned off in your TikTok settings/));
    expect(t.plain()).not.toMatch(/◉/);
    t.type(' \r'); // Space on "Allow comments", then Enter
    const job = await asked;
    expect(job).toMatchObject({
      allowComments: true,
      allowDuet: false,
      allowStitch: false,
      interactionsFromDefaults: false,
    });
  });

  it('asks the commercial content disclosure, off by default', async () => {
    const t = terminal();
    const asked = askCommercial(VIDEO, t.context, t.context.output);
    await vi.waitFor(() =>
      expect(t.plain()).toContain('Does this post promote a brand, product or service? (y/N)'),
    );
    t.type('\r');
    expect((await asked).brand).toEqual({ organic: false, content: false });
  });

  it('once disclosed, one choice is required; branded content is refused for a private post; the label is said', async () => {
    const t = terminal();
    const asked = askCommercial(VIDEO, t.context, t.context.output);
    await vi.waitFor(() => expect(t.plain()).toContain('Does this post promote'));
    t.type('y\r');
    await vi.waitFor(() => expect(t.plain()).toContain('Your brand (yourself or your business)'));
    expect(t.plain().replace(/\n/g, '')).toMatch(
      /Branded content \(a third party\).*Branded content visibility cannot be set to private\./,
    );
    t.type('\r'); // nothing chosen
    await vi.waitFor(() =>
      expect(t.plain().replace(/\n/g, '')).toContain(
        'You need to indicate if your content promotes yourself, a third party, or both.',
      ),
    );
    t.type(' \r');
    expect((await asked).brand).toEqual({ organic: true, content: false });
    expect(t.plain()).toContain("Your video will be labeled as 'Promotional content'.");
  });

  it('a public post may be branded content: "Paid partnership"', async () => {
    const t = terminal();
    const asked = askCommercial({ ...VIDEO, privacy: 'PUBLIC_TO_EVERYONE' }, t.context, t.context.output);
    await vi.waitFor(() => expect(t.plain()).toContain('Does this post promote'));
    t.type('y\r');
    await vi.waitFor(() => expect(t.plain()).toContain('Branded content (a third party)'));
    t.type('\u001b[B \r');
    expect((await asked).brand).toEqual({ organic: false, content: true });
    expect(t.plain()).toContain("Your video will be labeled as 'Paid partnership'.");
  });
});
