import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PhotoJob, VideoJob } from '../../source/shared/post-job.js';
import { ReviewStep } from '../../source/ui/steps/ReviewStep.js';
import { ANA, CREATOR, KEY, press, waitForText } from './helpers.js';

const PAGE_DOWN = '\u001b[6~';
const CREATOR_ON_TIKTOK = { ...CREATOR, creator_username: 'ana.lima', creator_nickname: 'Ana Lima' };

const VIDEO: VideoJob = {
  kind: 'video',
  media: '/videos/clip.mp4',
  title: 'Sunset',
  privacy: 'SELF_ONLY',
  allowComments: true,
  allowDuet: false,
  allowStitch: false,
  brand: { organic: true, content: false },
  source: 'upload',
  mode: 'direct',
};

function review(job: VideoJob | PhotoJob, checks = {}) {
  return render(
    <ReviewStep
      job={job}
      account={ANA}
      creator={CREATOR_ON_TIKTOK}
      checks={checks}
      onPost={vi.fn()}
      onBack={vi.fn()}
    />,
  );
}

/** The screen's lines without the review's chrome, as plain text. */
const linesOf = (frame: string) => frame.split('\n').map((line) => line.replace(/\s+$/, ''));

afterEach(() => {
  delete process.env.FORCE_HYPERLINK;
});

describe('Review: everything that will be posted, never cut', () => {
  it('a 3000-character caption wraps within the width and scrolls to its last word', async () => {
    const words = Array.from({ length: 500 }, (_, i) => `w${i}`);
    const title = words.join(' ').slice(0, 2200);
    const app = review({ ...VIDEO, title });
    let frame = await waitForText(app.lastFrame, 'Post to TikTok');
    expect(frame).toMatch(/lines 1–\d+ of \d+ · ↓ PgDn for more/);
    const seen = new Set<string>();
    for (let i = 0; i < 60 && !frame.includes(' · end'); i++) {
      for (const line of linesOf(frame)) seen.add(line);
      await press(app.stdin, PAGE_DOWN);
      frame = app.lastFrame() ?? '';
    }
    for (const line of linesOf(frame)) seen.add(line);
    for (const line of linesOf(frame)) expect(line.length).toBeLessThanOrEqual(100);
    const shown = [...seen].join(' ');
    const last = title.split(' ').at(-1)!;
    for (const word of [words[0]!, words[250]!, last]) expect(shown).toMatch(new RegExp(`\\b${word}\\b`));
    expect(frame).not.toContain('…');
    expect(frame).toContain('Post to TikTok'); // the button stays in view while scrolling
  });

  it('a long path wraps onto more lines instead of being cut', async () => {
    const media = `/home/ana/${'very-long-folder-name/'.repeat(8)}my clip.mp4`;
    const app = review({ ...VIDEO, media });
    const frame = await waitForText(app.lastFrame, 'Post to TikTok');
    expect(frame.replace(/\n {14}/g, '')).toContain(media);
    expect(frame).not.toContain('…');
  });

  it('names the creator as TikTok knows them, and the local account only as "saved as"', async () => {
    const frame = await waitForText(review(VIDEO).lastFrame, 'Post to TikTok');
    expect(frame).toContain('Account       Ana Lima (@ana.lima) · saved as ana');
    expect(frame).not.toContain('(@ana)');
  });

  it('shows the media facts the check found, including a probe summary', async () => {
    const checks = {
      'video:/videos/clip.mp4': {
        status: 'done' as const,
        result: {
          ok: true as const,
          size: 55_400,
          durationSec: 2,
          contentType: 'video/mp4',
          summary: 'H.264 · 1080×1920 · 30 fps',
        },
      },
    };
    const frame = await waitForText(review(VIDEO, checks).lastFrame, 'Post to TikTok');
    expect(frame).toContain('/videos/clip.mp4\n              H.264 · 1080×1920 · 30 fps · video/mp4');
    // Without a probe's summary: size, duration and type.
    const plain = {
      'video:/videos/clip.mp4': {
        status: 'done' as const,
        result: { ok: true as const, size: 55_400, durationSec: 2, contentType: 'video/mp4' },
      },
    };
    const basic = await waitForText(review(VIDEO, plain).lastFrame, 'Post to TikTok');
    expect(basic).toContain('/videos/clip.mp4\n              55.4 kB · 0:02 · video/mp4');
  });

  it("uses TikTok's label sentences", async () => {
    const promo = await waitForText(review(VIDEO).lastFrame, 'Post to TikTok');
    expect(promo).toContain("Your video will be labeled as 'Promotional content'");
    const paid = await waitForText(
      review({ ...VIDEO, privacy: 'PUBLIC_TO_EVERYONE', brand: { organic: true, content: true } }).lastFrame,
      'Post to TikTok',
    );
    expect(paid).toContain("Your video will be labeled as 'Paid partnership'");
  });

  it('links the policies with OSC 8 where the terminal draws links, and prints the URL where not', async () => {
    const branded = {
      ...VIDEO,
      privacy: 'PUBLIC_TO_EVERYONE' as const,
      brand: { organic: false, content: true },
    };
    process.env.FORCE_HYPERLINK = '1';
    const linked = await waitForText(review(branded).lastFrame, 'Post to TikTok');
    expect(linked).toContain(
      '\u001b]8;;https://www.tiktok.com/legal/page/global/bc-policy/en\u0007Branded Content Policy\u001b]8;;\u0007',
    );
    expect(linked).toContain(
      '\u001b]8;;https://www.tiktok.com/legal/page/global/music-usage-confirmation/en\u0007Music Usage Confirmation\u001b]8;;\u0007',
    );
    process.env.FORCE_HYPERLINK = '0';
    const plain = await waitForText(review(branded).lastFrame, 'Post to TikTok');
    expect(plain).not.toContain('\u001b]8;;');
    expect(plain.replace(/\s+/g, ' ')).toContain(
      'Branded Content Policy (https://www.tiktok.com/legal/page/global/bc-policy/en)',
    );
    expect(plain.replace(/\s+/g, ' ')).toContain(
      'Music Usage Confirmation (https://www.tiktok.com/legal/page/global/music-usage-confirmation/en)',
    );
  });

  it('Enter still posts from a scrolled review; ↑ scrolls back', async () => {
    const onPost = vi.fn();
    const app = render(
      <ReviewStep
        job={{ ...VIDEO, title: 'word '.repeat(440).trim() }}
        account={ANA}
        creator={CREATOR_ON_TIKTOK}
        checks={{}}
        onPost={onPost}
        onBack={vi.fn()}
      />,
    );
    await waitForText(app.lastFrame, 'lines 1–');
    await press(app.stdin, KEY.down, KEY.down);
    await waitForText(app.lastFrame, 'lines 3–');
    await press(app.stdin, KEY.up);
    await waitForText(app.lastFrame, 'lines 2–');
    await press(app.stdin, KEY.enter);
    expect(onPost).toHaveBeenCalledTimes(1);
  });
});
