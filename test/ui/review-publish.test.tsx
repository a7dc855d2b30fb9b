import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import { GUIDELINE_TEXT } from '../../source/core/rules.js';
import type { PublishOutcome } from '../../source/core/service-types.js';
import { AuthError, RefusedError } from '../../source/shared/errors.js';
import type { PhotoJob, VideoJob } from '../../source/shared/post-job.js';
import type { Reporter } from '../../source/shared/reporter.js';
import { PublishStep } from '../../source/ui/steps/PublishStep.js';
import { ReviewStep } from '../../source/ui/steps/ReviewStep.js';
import { ANA, CREATOR, deferred, fakeServices, KEY, press, waitForText } from './helpers.js';

const VIDEO: VideoJob = {
  kind: 'video',
  media: '/videos/clip.mp4',
  title: 'Sunset #fyp',
  privacy: 'MUTUAL_FOLLOW_FRIENDS',
  allowComments: true,
  allowDuet: false,
  allowStitch: true,
  brand: { organic: false, content: true },
  source: 'upload',
  mode: 'direct',
};

const PHOTO: PhotoJob = {
  kind: 'photo',
  images: ['https://img.test/1.jpg', 'https://img.test/2.jpg'],
  title: 'Trip',
  description: 'Two days by the sea',
  privacy: 'PUBLIC_TO_EVERYONE',
  allowComments: false,
  autoAddMusic: true,
  brand: { organic: true, content: false },
  mode: 'direct',
};

describe('Review step', () => {
  it('shows everything that will be sent, the declaration and the Post button', async () => {
    const onPost = vi.fn();
    const checks = {
      'video:/videos/clip.mp4': { status: 'done' as const, result: { ok: true as const, size: 2_000_000 } },
    };
    const app = render(
      <ReviewStep
        job={VIDEO}
        account={ANA}
        creator={CREATOR}
        checks={checks}
        onPost={onPost}
        onBack={vi.fn()}
      />,
    );
    const frame = await waitForText(app.lastFrame, 'Post to TikTok');
    expect(frame).toContain('Account       Ana Lima (@ana) · saved as ana');
    expect(frame).toContain('Video         /videos/clip.mp4\n              2.0 MB');
    expect(frame).toContain('Title         Sunset #fyp');
    expect(frame).toContain('Privacy       Friends (mutual followers)');
    expect(frame).toContain('Interactions  Comments on · Duet off · Stitch on');
    expect(frame).toContain("Label         Your video will be labeled as 'Paid partnership'");
    expect(frame.replace(/\s*\(https:[^)]*\)/g, '').replace(/\s+/g, ' ')).toContain(
      GUIDELINE_TEXT.brandedDeclaration,
    );
    await press(app.stdin, KEY.enter);
    expect(onPost).toHaveBeenCalledTimes(1);
  });

  it('lists a photo post’s images and description with the music declaration', async () => {
    const app = render(
      <ReviewStep
        job={PHOTO}
        account={ANA}
        creator={CREATOR}
        checks={{}}
        onPost={vi.fn()}
        onBack={vi.fn()}
      />,
    );
    const frame = await waitForText(app.lastFrame, 'Post to TikTok');
    expect(frame).toContain('Image 2       https://img.test/2.jpg');
    expect(frame).toContain('Description   Two days by the sea');
    expect(frame).toContain('Comments off · Auto-add music on');
    expect(frame).toContain("Label         Your photo will be labeled as 'Promotional content'");
    expect(frame.replace(/\s*\(https:[^)]*\)/g, '').replace(/\s+/g, ' ')).toContain(
      GUIDELINE_TEXT.musicDeclaration,
    );
  });

  it('shows checkJob’s problems instead of allowing the post', async () => {
    const onPost = vi.fn();
    const creator = { ...CREATOR, comment_disabled: true, privacy_level_options: ['SELF_ONLY' as const] };
    const app = render(
      <ReviewStep job={VIDEO} account={ANA} creator={creator} checks={{}} onPost={onPost} onBack={vi.fn()} />,
    );
    const frame = await waitForText(app.lastFrame, 'This cannot be posted yet');
    expect(frame).toContain('✗ Comments are turned off for this account in TikTok.');
    expect(frame).toContain('cannot post with privacy MUTUAL_FOLLOW_FRIENDS');
    expect(frame).not.toContain('Post to TikTok');
    await press(app.stdin, KEY.enter);
    expect(onPost).not.toHaveBeenCalled();
  });
});

function renderPublish(outcome: Promise<PublishOutcome>, clock: { t: number }) {
  let reporter: Reporter | undefined;
  const services = fakeServices({
    onPublish: (r) => {
      reporter = r;
      return outcome;
    },
  });
  const onExit = vi.fn();
  const app = render(
    <PublishStep
      services={services}
      username="ana"
      nickname="Ana Lima"
      job={VIDEO}
      now={() => clock.t}
      onExit={onExit}
      creator={{ ...CREATOR, creator_username: 'ana.lima' }}
    />,
  );
  return { app, services, onExit, reporter: () => reporter! };
}

describe('Publish step', () => {
  it('drives a byte progress bar with percent, speed and ETA, then checks status', async () => {
    const clock = { t: 1000 };
    const outcome = deferred<PublishOutcome>();
    const { app, services, reporter } = renderPublish(outcome.promise, clock);
    await vi.waitFor(() => expect(services.publish).toHaveBeenCalledTimes(1));
    expect(services.calls.publish[0]).toMatchObject({ username: 'ana', job: VIDEO });
    reporter().step('Uploading the video');
    reporter().info('Label: Paid partnership');
    reporter().progress(0, 50_000_000);
    clock.t = 5000;
    reporter().progress(20_000_000, 50_000_000);
    const frame = await waitForText(app.lastFrame, '40%');
    expect(frame).toContain('• Uploading the video');
    expect(frame).toContain('Label: Paid partnership');
    expect(frame).toContain('████████████░░░░░░░░░░░░░░░░░░  40%');
    expect(frame).toContain('20.0 MB / 50.0 MB · 5.0 MB/s · ETA 0:06');
    clock.t = 11000;
    reporter().progress(50_000_000, 50_000_000);
    reporter().step('Checking status');
    reporter().event?.({ kind: 'processing', publishId: 'v_inbox_9' }); // a typed milestone: the screen words it, once
    const checking = await waitForText(app.lastFrame, 'Checking status…');
    expect(checking.split(GUIDELINE_TEXT.mayTakeMinutes)).toHaveLength(2);
    outcome.resolve({ publishId: 'v_inbox_9', status: { status: 'SEND_TO_USER_INBOX' } });
    const inbox = await waitForText(app.lastFrame, 'Sent to your TikTok inbox as a draft');
    expect(inbox).toContain('Open the TikTok app to finish the post from your inbox.');
    expect(inbox).toContain('agoras status v_inbox_9');
  });

  it('a stall is shown as one ("waiting for TikTok · 20 s"), with speed and ETA recomputed, not frozen', async () => {
    const clock = { t: 1000 };
    const { app, services, reporter } = renderPublish(deferred<PublishOutcome>().promise, clock);
    await vi.waitFor(() => expect(services.publish).toHaveBeenCalledTimes(1));
    reporter().progress(0, 50_000_000);
    clock.t = 5000;
    reporter().progress(20_000_000, 50_000_000);
    const moving = await waitForText(app.lastFrame, '20.0 MB / 50.0 MB · 5.0 MB/s · ETA 0:06');
    expect(moving).not.toContain('waiting for TikTok');
    clock.t = 25_000; // 20 s without a byte going
    const stalled = await waitForText(app.lastFrame, 'waiting for TikTok · 20 s');
    // 20 MB in 24 s: 0.8 MB/s, and 30 MB left at that pace.
    expect(stalled).toContain('20.0 MB / 50.0 MB · 0.8 MB/s · ETA 0:36 · waiting for TikTok · 20 s');
    clock.t = 26_000;
    reporter().progress(22_000_000, 50_000_000);
    const again = await waitForText(app.lastFrame, '22.0 MB / 50.0 MB');
    expect(again).not.toContain('waiting for TikTok');
  });

  it('the log keeps each image of a slideshow; statuses one after another are one line', async () => {
    const outcome = deferred<PublishOutcome>();
    const { app, reporter, services } = renderPublish(outcome.promise, { t: 0 });
    await vi.waitFor(() => expect(services.publish).toHaveBeenCalledTimes(1));
    reporter().step('Checking 2 images');
    reporter().info('Image 1: JPEG · 1080×1920 · 310.2 kB');
    reporter().info('Image 2: WebP · 1080×1350 · 98.0 kB');
    reporter().step('Checking status');
    reporter().info('Status: PROCESSING_DOWNLOAD');
    reporter().info('Status: PUBLISH_COMPLETE');
    outcome.resolve({ publishId: 'p_pub_1', status: { status: 'PUBLISH_COMPLETE' } });
    const frame = await waitForText(app.lastFrame, '✓ Posted');
    expect(frame).toContain('• Checking 2 images');
    expect(frame).toContain('Image 1: JPEG · 1080×1920 · 310.2 kB');
    expect(frame).toContain('Image 2: WebP · 1080×1350 · 98.0 kB');
    expect(frame).toContain('Status: PUBLISH_COMPLETE');
    expect(frame).not.toContain('Status: PROCESSING_DOWNLOAD');
  });

  it('shows Posted with the publish ID and exits 0 on any key', async () => {
    const { app, onExit } = renderPublish(
      Promise.resolve({
        publishId: 'v_pub_7',
        status: { status: 'PUBLISH_COMPLETE', publicaly_available_post_id: ['7300'] },
      }),
      { t: 0 },
    );
    const frame = await waitForText(app.lastFrame, '✓ Posted');
    expect(frame).toContain('What          Video /videos/clip.mp4');
    expect(frame).toContain('Title         Sunset #fyp');
    expect(frame).toContain('Account       Ana Lima (@ana.lima) · saved as ana');
    expect(frame).toContain('Privacy       Friends (mutual followers)');
    expect(frame).toContain('Publish ID    v_pub_7');
    expect(frame).toContain('Post          https://www.tiktok.com/@ana.lima/video/7300');
    expect(frame).toContain('Check on it later: agoras status v_pub_7');
    expect(frame).not.toContain(GUIDELINE_TEXT.mayTakeMinutes);
    expect(frame).toContain('any key exit');
    await press(app.stdin, 'x');
    await vi.waitFor(() => expect(onExit).toHaveBeenCalledWith(0));
    // The result stays on the terminal once the wizard has quit; its key help does not.
    expect(app.lastFrame()).toContain('Publish ID    v_pub_7');
    expect(app.lastFrame()).not.toContain('any key exit');
  });

  it('shows the error in plain words with its hint and next step, and exits with its code', async () => {
    const { app, onExit } = renderPublish(
      Promise.reject(
        new AuthError('TikTok no longer accepts the saved login for ana.', {
          hint: 'run: agoras publish --network tiktok --action authorize --tiktok-username ana',
        }),
      ),
      { t: 0 },
    );
    const frame = await waitForText(app.lastFrame, '✗ TikTok no longer accepts the saved login for ana.');
    expect(frame).toContain('run: agoras publish --network tiktok --action authorize --tiktok-username ana');
    expect(frame).toContain('Next: Run the wizard again and re-authorize the account.');
    await press(app.stdin, KEY.enter);
    await vi.waitFor(() => expect(onExit).toHaveBeenCalledWith(3));
  });

  it('shows a refusal (a FAILED status, thrown by core) with its reason and exits 4', async () => {
    const { app, onExit } = renderPublish(
      Promise.reject(
        new RefusedError('TikTok could not publish v_9: too many posts today.', {
          code: 'spam_risk_too_many_posts',
        }),
      ),
      { t: 0 },
    );
    await waitForText(app.lastFrame, 'TikTok could not publish v_9: too many posts today.');
    await press(app.stdin, KEY.enter);
    await vi.waitFor(() => expect(onExit).toHaveBeenCalledWith(4));
  });
});
