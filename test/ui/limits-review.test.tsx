import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import type { CapUsage } from '../../source/core/caps.js';
import type { VideoJob } from '../../source/shared/post-job.js';
import { ReviewStep } from '../../source/ui/steps/ReviewStep.js';
import { videoJob } from '../core/harness.js';
import { renderApp, toCommercial } from './drive.js';
import { ANA, CREATOR, fakeServices, KEY, press, waitForText } from './helpers.js';

// The Review says where the account stands against TikTok's caps, from our own records, before the
// post is sent: the counts always, and a warning when this one would pass a cap.
const VIDEO: VideoJob = videoJob('/videos/clip.mp4', { title: 'Sunset' });
const usage = (posts: number, drafts: number): CapUsage => ({
  posts,
  postCap: 15,
  drafts,
  draftCap: 5,
  postsFreeAt: Date.now() + 3_600_000,
  draftsFreeAt: Date.now() + 3_600_000,
});
const review = (job: VideoJob, u: CapUsage | undefined) =>
  render(
    <ReviewStep
      job={job}
      account={ANA}
      creator={CREATOR}
      checks={{}}
      usage={u}
      onPost={vi.fn()}
      onBack={vi.fn()}
    />,
  );

describe('the Review and the caps', () => {
  it('shows the counts of the last 24 h', async () => {
    const frame = await waitForText(review(VIDEO, usage(3, 1)).lastFrame, 'Post to TikTok');
    expect(frame).toContain('Last 24 h: posts in 24 h 3 · drafts pending 1 of 5');
    expect(frame).not.toContain('may refuse');
  });

  it('warns when this post would pass the daily cap, and when a draft would be the 6th', async () => {
    const post = await waitForText(review(VIDEO, usage(15, 0)).lastFrame, 'Post to TikTok');
    expect(post.replace(/\s+/g, ' ')).toContain(
      '15 posts in the last 24 h (the daily cap is set at 15; TikTok allows about 15 a day): TikTok may refuse this one.',
    );
    const draft = await waitForText(
      review({ ...VIDEO, mode: 'inbox' }, usage(0, 5)).lastFrame,
      'Post to TikTok',
    );
    expect(draft.replace(/\s+/g, ' ')).toContain(
      '5 drafts are pending in the TikTok inbox (TikTok allows 5 in 24 h): this draft will not be sent.',
    );
  });

  it('the wizard asks the service for the account’s counts when the Review opens', async () => {
    const services = fakeServices({ capUsage: async () => usage(15, 2) });
    const app = renderApp(services);
    await toCommercial(app);
    await press(app.stdin, KEY.enter);
    const frame = await waitForText(app.lastFrame, 'Last 24 h: posts in 24 h 15 · drafts pending 2 of 5');
    expect(frame.replace(/\s+/g, ' ')).toContain('TikTok may refuse this one.');
    expect(services.capUsage).toHaveBeenCalledWith('ana');
  });
});
