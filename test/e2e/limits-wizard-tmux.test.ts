import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempConfigDir } from './cli.js';
import { TMUX_MISSING, TmuxSession } from './tmux.js';

// The wizard against a sandbox acting as an app TikTok has not audited (AGORAS_SANDBOX_UNAUDITED=1,
// the sandbox account public): Details says what that means before anything is sent, and when TikTok
// refuses the post (the account is public), the person chooses what happens instead.
let session: TmuxSession | undefined;
afterEach(() => session?.kill());

const SAMPLE = resolve(import.meta.dirname, '../fixtures/sample.mp4');
const ENV = {
  AGORAS_SANDBOX_STATUS_DELAY_MS: '200',
  AGORAS_POLL_INTERVAL_MS: '100',
  AGORAS_SANDBOX_UNAUDITED: '1',
};

/** From the first screen to Details, with the sandbox's own account (ready at once) and the sample video. */
async function toDetails(s: TmuxSession): Promise<string> {
  await s.waitFor('✓ ready');
  s.keys('Enter');
  await s.waitFor('What do you want to post?');
  s.keys('Enter');
  await s.waitFor('Video URL or file');
  s.keys(SAMPLE, 'Enter');
  await s.waitFor(/✓ .*video\/mp4/);
  s.keys('Enter');
  return s.waitFor('Posting as Sandbox Creator');
}

describe.skipIf(TMUX_MISSING)(
  `an unaudited app in the wizard (tmux)${TMUX_MISSING ? `: ${TMUX_MISSING}` : ''}`,
  { timeout: 180_000 },
  () => {
    it('Details says so; TikTok refuses the public account; the person sends it to the inbox instead', async () => {
      const dir = tempConfigDir();
      session = new TmuxSession(dir, ['--sandbox'], { AGORAS_CONFIG_DIR: dir, ...ENV });
      const details = await toDetails(session);
      expect(details.replace(/\s+/g, ' ')).toContain(
        'TikTok has not audited this app: it posts only to private accounts, as Only me, for 5 users a day.',
      );
      expect(details).toMatch(/\( \) Only me/);
      expect(details).not.toMatch(/Everyone/); // creator_info offers SELF_ONLY alone
      session.keys('Unaudited', 'Down', 'Space', 'Enter');
      await session.waitFor('Disclose commercial content');
      session.keys('Enter');
      const review = await session.waitFor('Post to TikTok');
      expect(review).toContain('Privacy       Only me');
      session.keys('Enter');
      const choice = await session.waitFor('TikTok refused the post: this TikTok account is public.');
      expect(choice).toContain('› Send it to my TikTok inbox as a draft');
      expect(choice).toContain('Do not post it');
      expect(choice).not.toContain("Post it as 'Only me'"); // it cannot help a public account
      for (const line of choice.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
      session.keys('Enter');
      const result = await session.waitFor(/Publish ID +v_inbox_file~v2\.\d+/);
      expect(result).toContain('✓ Sent to your TikTok inbox as a draft');
      session.keys('Enter');
      expect(await session.exitCode()).toBe(0);
    });

    it('"Do not post it" leaves without posting: the refusal and how to get out of it (exit 4)', async () => {
      const dir = tempConfigDir();
      session = new TmuxSession(dir, ['--sandbox'], { AGORAS_CONFIG_DIR: dir, ...ENV });
      await toDetails(session);
      session.keys('No', 'Down', 'Space', 'Enter');
      await session.waitFor('Disclose commercial content');
      session.keys('Enter');
      await session.waitFor('Post to TikTok');
      session.keys('Enter');
      await session.waitFor('Do not post it');
      session.keys('Down', 'Enter');
      const result = await session.waitFor('✗ Not posted');
      expect(result.replace(/\s+/g, ' ')).toContain('Make your TikTok account private in the TikTok app');
      session.keys('Enter');
      expect(await session.exitCode()).toBe(4);
    });

    it('the line mode asks in a terminal, with no default, and posts as chosen', async () => {
      const dir = tempConfigDir();
      session = new TmuxSession(
        dir,
        [
          ...['publish', '--sandbox', '--network', 'tiktok', '--action', 'video'],
          ...['--tiktok-video-url', SAMPLE, '--tiktok-title', 'Asked'],
          ...['--tiktok-privacy-status', 'PUBLIC_TO_EVERYONE'],
        ],
        { AGORAS_CONFIG_DIR: dir, ...ENV, AGORAS_SANDBOX_PRIVATE_ACCOUNT: '1' },
      );
      const asked = await session.waitFor('Post it how?');
      expect(asked.replace(/\s+/g, ' ')).toContain(
        "TikTok has not audited this app yet. Until it does, the app can post only to a private TikTok account, only as 'Only me', for at most 5 users a day.",
      );
      expect(asked).not.toContain('{"id"'); // nothing sent before the answer
      expect(asked).not.toContain('❯'); // no choice made for the person
      session.keys('Down', 'Enter');
      const done = await session.waitFor(/Published/);
      expect(done).toContain("Post it how? Post it as 'Only me'");
      expect(done).toContain("warning: TikTok has not audited this app: posting it as 'Only me', as chosen.");
      expect(done).toMatch(/\{"id":"v_pub_file~v2-1\.\d+"\}/);
      expect(await session.exitCode()).toBe(0);
    });
  },
);
