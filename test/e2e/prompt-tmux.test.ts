import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempConfigDir } from './cli.js';
import { TMUX_MISSING, TmuxSession } from './tmux.js';

let session: TmuxSession | undefined;
afterEach(() => session?.kill());

const SAMPLE = resolve(import.meta.dirname, '../fixtures/sample.mp4');
const env = (dir: string) => ({
  AGORAS_CONFIG_DIR: dir,
  AGORAS_SANDBOX_STATUS_DELAY_MS: '100',
  AGORAS_POLL_INTERVAL_MS: '100',
});
const publishVideo = (...flags: string[]) => [
  'publish',
  '--network',
  'tiktok',
  '--action',
  'video',
  '--sandbox',
  ...flags,
];

describe.skipIf(TMUX_MISSING)(
  `the prompt path in a real terminal (tmux)${TMUX_MISSING ? `: ${TMUX_MISSING}` : ''}`,
  { timeout: 180_000 },
  () => {
    it('checks the file at its own prompt, has no privacy default, asks interactions, and confirms', async () => {
      const dir = tempConfigDir();
      const notVideo = join(dir, 'notes.txt');
      writeFileSync(notVideo, 'not a video at all');
      session = new TmuxSession(dir, publishVideo(), env(dir));
      await session.waitFor('Video: an http(s) URL or a local file:');
      session.keys(notVideo, 'Enter');
      const refused = await session.waitFor(/> .*not .*video/i);
      expect(refused).not.toContain('Title (caption)'); // refused before any other question
      session.keys('C-u', `'${SAMPLE}' `, 'Enter');
      await session.waitFor('Title (caption):');
      session.keys('Asked for', 'Enter');
      const privacy = await session.waitFor('Who can see this post?');
      expect(privacy).not.toContain('Followers'); // the sandbox creator does not offer FOLLOWER_OF_CREATOR
      expect(privacy).not.toContain('❯'); // nothing chosen yet
      session.keys('Enter');
      await session.waitFor('Nothing is chosen: move to who can see it with ↑/↓, then press Enter.');
      session.keys('Down', 'Down', 'Down', 'Enter');
      const interactions = await session.waitFor('Interactions');
      expect(interactions).toContain('Who can see this post? Only me');
      expect(interactions).toMatch(/◯ Allow comments/);
      expect(interactions).not.toMatch(/◉/); // all off at first
      session.keys('Space', 'Enter');
      // TikTok's guidelines: the disclosure is asked in every interactive path, off by default.
      await session.waitFor('Does this post promote a brand, product or service? (y/N)');
      session.keys('Enter');
      const confirm = await session.waitFor('Post to TikTok?');
      expect(confirm).toContain('Account       Sandbox Creator (@sandbox.creator) · saved as sandbox');
      expect(confirm).toContain(`Video         ${SAMPLE}`);
      expect(confirm).toMatch(/ {14}H\.264 · 360×640 · 30 fps · 0:02 · [\d.]+ kB · video\/mp4/);
      expect(confirm).toContain('Title         Asked for');
      expect(confirm).toContain('Interactions  Comments on · Duet off · Stitch off');
      expect(confirm).toContain("By posting, you agree to TikTok's Music Usage Confirmation");
      expect(confirm).not.toContain('{"id"'); // nothing posted before the answer
      session.keys('y', 'Enter');
      await session.waitFor(/\{"id":"v_pub_file~v2-1\.\d+"\}[\s\S]*Published/);
      expect(await session.exitCode()).toBe(0);
    });

    it('answering no posts nothing (exit 130); --yes skips the question', async () => {
      const dir = tempConfigDir();
      session = new TmuxSession(
        dir,
        publishVideo('--tiktok-video-url', SAMPLE, '--tiktok-title', 'No'),
        env(dir),
      );
      await session.waitFor('Who can see this post?');
      session.keys('Down', 'Enter');
      await session.waitFor('Interactions');
      session.keys('Enter');
      await session.waitFor('Does this post promote a brand, product or service?');
      session.keys('Enter');
      await session.waitFor('Post to TikTok?');
      session.keys('n', 'Enter');
      expect(await session.exitCode()).toBe(130);
      expect(session.screen()).not.toContain('{"id"');
      session.kill();

      const yes = tempConfigDir();
      session = new TmuxSession(
        yes,
        publishVideo('--tiktok-video-url', SAMPLE, '--tiktok-title', 'Yes', '--yes'),
        env(yes),
      );
      await session.waitFor('Who can see this post?');
      session.keys('Down', 'Enter');
      await session.waitFor('Interactions');
      session.keys('Enter');
      await session.waitFor('Does this post promote a brand, product or service?');
      session.keys('Enter');
      const done = await session.waitFor(/Published/);
      expect(done).toContain('Title         Yes'); // the summary is still shown
      expect(done).not.toContain('Post to TikTok?');
      expect(await session.exitCode()).toBe(0);
    });

    it('asks the commercial content disclosure when no brand flag was given, as the wizard does', async () => {
      const dir = tempConfigDir();
      session = new TmuxSession(
        dir,
        publishVideo('--tiktok-video-url', SAMPLE, '--tiktok-title', 'Ours'),
        env(dir),
      );
      await session.waitFor('Who can see this post?');
      session.keys('Down', 'Down', 'Down', 'Enter'); // Only me
      await session.waitFor('Interactions');
      session.keys('Enter');
      await session.waitFor('Does this post promote a brand, product or service? (y/N)');
      session.keys('y', 'Enter');
      const choices = await session.waitFor('Your brand (yourself or your business)');
      expect(choices).toMatch(/- Branded content \(a third party\) Branded content visibility cannot/);
      session.keys('Enter'); // nothing chosen yet
      await session.waitFor(/You need to indicate if your content promotes yourself/);
      session.keys('Space', 'Enter');
      const confirm = await session.waitFor('Post to TikTok?');
      expect(confirm).toContain("Your video will be labeled as 'Promotional content'.");
      expect(confirm).toMatch(/Label +Your video will be labeled as 'Promotional content'/);
      session.keys('y', 'Enter');
      await session.waitFor(/Published/);
      expect(await session.exitCode()).toBe(0);
    });

    it('accounts remove asks first in a terminal; no keeps the account', async () => {
      const dir = tempConfigDir();
      // The sandbox's account, saved (agoras accounts logs it in), so there is something to remove.
      expect((await runCli(['accounts', '--sandbox'], env(dir))).code).toBe(0);
      session = new TmuxSession(dir, ['accounts', 'remove', 'sandbox', '--sandbox'], env(dir));
      await session.waitFor("Remove 'sandbox'? Its TikTok login is revoked and agoras forgets it.");
      session.keys('n', 'Enter');
      expect(await session.exitCode()).toBe(130);
      expect(session.screen()).toContain('Not removed.');
    });
  },
);
