import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../source/sandbox/index.js';
import { followLoginUrl, runCli, tempConfigDir } from './cli.js';
import { sandboxWithAna } from './sources-helpers.js';
import { TMUX_MISSING, TmuxSession } from './tmux.js';

// A person's first hour, in a real terminal: what a new user typed, the way people type it.

let session: TmuxSession | undefined;
let sandbox: Sandbox | undefined;
afterEach(async () => {
  session?.kill();
  await sandbox?.close();
  sandbox = undefined;
});

const SAMPLE = resolve(import.meta.dirname, '../fixtures/sample.mp4');
const FAST = { AGORAS_SANDBOX_STATUS_DELAY_MS: '100', AGORAS_POLL_INTERVAL_MS: '100' };

/** A home directory with ~/clips/run.mp4 in it (a copy of the committed sample). */
function homeWithClip(dir: string): string {
  const home = join(dir, 'home');
  mkdirSync(join(home, 'clips'), { recursive: true });
  copyFileSync(SAMPLE, join(home, 'clips', 'run.mp4'));
  return home;
}

const publishVideo = (...flags: string[]) => [
  'publish',
  '--network',
  'tiktok',
  '--action',
  'video',
  '--sandbox',
  '--tiktok-title',
  'Run',
  '--tiktok-privacy-status',
  'SELF_ONLY',
  '--headless',
  ...flags,
];

describe.skipIf(TMUX_MISSING)(
  `a person's first hour in a real terminal (tmux)${TMUX_MISSING ? `: ${TMUX_MISSING}` : ''}`,
  { timeout: 180_000 },
  () => {
    it('name, Enter, client key, Enter, secret in one burst: each in its field, the secret masked', async () => {
      const dir = tempConfigDir();
      // No sandbox: the form asks for the key and secret (nothing reaches TikTok before the login).
      session = new TmuxSession(dir, [], {
        AGORAS_CONFIG_DIR: dir,
        TIKTOK_API_BASE_URL: 'http://127.0.0.1:9',
      });
      await session.waitFor('› + Add account');
      session.keys('Enter');
      await session.waitFor('Account name');
      session.burst('shop', 'Enter', 'mykey', 'Enter', 's3cret');
      const form = await session.waitFor(/› Client secret\n\s+••••••/);
      expect(form).toMatch(/Account name.*\n\s+shop\s*\n/);
      expect(form).toMatch(/Client key.*\n\s+mykey\s*\n/);
      expect(form).not.toContain('s3cret');
    });

    it.each([
      ['--tiktok-video-url=~/…', (clip: string) => ({ args: [`--tiktok-video-url=${clip}`], env: {} })],
      ['TIKTOK_VIDEO_URL=~/…', (clip: string) => ({ args: [], env: { TIKTOK_VIDEO_URL: clip } })],
    ])('%s: a leading ~/ is the home directory, as in the wizard and the prompt', async (_label, given) => {
      const dir = tempConfigDir();
      const home = homeWithClip(dir);
      const { args, env } = given('~/clips/run.mp4');
      session = new TmuxSession(dir, publishVideo(...args), {
        AGORAS_CONFIG_DIR: dir,
        HOME: home,
        ...FAST,
        ...env,
      });
      const screen = await session.waitFor(/Published|agoras: /);
      expect(screen).not.toContain('no such file');
      expect(screen).toMatch(/\{"id":"v_pub_file~v2-1\.\d+"\}/);
      expect(await session.exitCode()).toBe(0);
    });

    it('Ctrl+C while TikTok processes: history says so, and learns the outcome from status or a later run', async () => {
      // TikTok keeps processing until the test says it is done (an hour otherwise).
      const started = await sandboxWithAna({ statusDelayMs: 3_600_000 });
      sandbox = started.sandbox;
      const { env } = started;
      const cancelledPost = async (title: string): Promise<string> => {
        session?.kill();
        session = new TmuxSession(
          tempConfigDir(),
          [
            ...['publish', '--network', 'tiktok', '--action', 'video', '--tiktok-username', 'ana'],
            ...[
              '--tiktok-video-url',
              SAMPLE,
              '--tiktok-title',
              title,
              '--tiktok-privacy-status',
              'SELF_ONLY',
            ],
          ],
          env,
        );
        const screen = await session.waitFor('Status: PROCESSING_UPLOAD');
        session.keys('C-c');
        expect(await session.exitCode()).toBe(130);
        return /v_pub_file~v2-1\.\d+/.exec(screen)![0];
      };
      const published = (id: string) => {
        sandbox!.state.publishes.get(id)!.status = 'PUBLISH_COMPLETE';
      };
      const historyLine = async (id: string) => {
        const lines = (await runCli(['history'], env)).stdout.split('\n');
        return lines[lines.findIndex((l) => l.includes(id)) - 2] ?? '';
      };

      const first = await cancelledPost('First');
      // Every byte reached TikTok: nothing is left to upload, whatever the post became.
      expect(await historyLine(first)).not.toContain('upload unfinished');
      expect(await historyLine(first)).toContain('accepted by TikTok');
      published(first);
      const status = await runCli(['status', first], env);
      expect(status.stdout).toContain(`${first}: Published.`);
      expect(await historyLine(first)).toMatch(/ana {2}Published$/);

      // Without `agoras status`: the next post asks TikTok about it, and says nothing false.
      const second = await cancelledPost('Second');
      published(second);
      const next = await runCli(
        [
          ...['publish', '--network', 'tiktok', '--action', 'video', '--tiktok-username', 'ana', '--no-wait'],
          ...[
            '--tiktok-video-url',
            SAMPLE,
            '--tiktok-title',
            'Third',
            '--tiktok-privacy-status',
            'SELF_ONLY',
          ],
        ],
        env,
      );
      expect(next.code, next.stderr).toBe(0);
      expect(next.stderr).not.toContain('Starting a new upload');
      expect(await historyLine(second)).toMatch(/ana {2}Published$/);
    });

    it('the wizard in the sandbox: "Check on it later" prints a command that works as shown; no key help is left', async () => {
      const dir = tempConfigDir();
      const env = { AGORAS_CONFIG_DIR: dir, ...FAST };
      session = new TmuxSession(dir, ['--sandbox'], env);
      // The sandbox's account is ready on the first screen: nothing to type before posting.
      const first = await session.waitFor('✓ ready');
      expect(first).toContain('› Sandbox Creator (@sandbox.creator) · saved as sandbox  default · ✓ ready');
      expect(first).toContain('+ Add account');
      session.keys('Enter');
      await session.waitFor('What do you want to post?');
      session.keys('Enter');
      await session.waitFor('Video URL or file');
      session.keys(SAMPLE, 'Enter');
      await session.waitFor(/✓ .*video\/mp4/);
      session.keys('Enter');
      await session.waitFor('Posting as Sandbox Creator');
      session.keys('Sandbox post', 'Down', 'Down', 'Down', 'Space', 'Enter');
      await session.waitFor('Disclose commercial content');
      session.keys('Enter');
      await session.waitFor('Post to TikTok');
      session.keys('Enter');
      const result = await session.waitFor(/Check on it later: agoras status v_pub_file~v2-1\.\d+ --sandbox/);
      expect(result).toContain('any key exit');
      const command = /Check on it later: (agoras status (v_pub_file~v2-1\.\d+) --sandbox)/.exec(result)!;
      session.keys('Enter');
      expect(await session.exitCode()).toBe(0);
      const after = session.screen();
      expect(after).toContain(command[1]); // the result stays on the terminal…
      expect(after).not.toContain('any key exit'); // …its key help does not
      // Run as printed (agoras is the built CLI here):
      const status = await runCli(command[1]!.split(' ').slice(1), env);
      expect(status.code, status.stderr).toBe(0);
      expect(status.stdout).toContain(`${command[2]}: Published.`);
      expect(status.stderr).not.toContain('--tiktok-username');
    });

    it("a revoked login is found on the picker, shown with TikTok's @username, and logged in again in place", async () => {
      const started = await sandboxWithAna();
      sandbox = started.sandbox;
      const env = { ...started.env, TIKTOK_REDIRECT_URI: 'http://127.0.0.1:0/callback/' };
      // The creator revokes agoras' access in TikTok's settings.
      for (const token of sandbox.state.accessTokens.values()) token.revoked = true;
      for (const token of sandbox.state.refreshTokens.values()) token.revoked = true;
      session = new TmuxSession(tempConfigDir(), [], env);
      const picker = await session.waitFor('⚠ log in again');
      expect(picker).toContain('› Sandbox Creator · saved as ana  default · ⚠ log in again');
      expect(picker).toContain("TikTok no longer accepts the saved login for 'ana'");
      expect(picker).not.toContain('✓ ready');
      session.keys('Enter');
      await session.waitFor("Log in to TikTok for the account saved as 'ana'.");
      const url = await session
        .waitFor(() => /http:\/\/127\.0\.0\.1:\d+\/v2\/auth\/authorize\/\?\S+/.test(session!.joinedScreen()))
        .then(
          () => /http:\/\/127\.0\.0\.1:\d+\/v2\/auth\/authorize\/\?\S+/.exec(session!.joinedScreen())![0],
        );
      expect(await followLoginUrl(url)).toBe(200);
      await session.waitFor('What do you want to post?');
      // Back on the picker: the new login is checked and shown as TikTok names the creator.
      session.keys('Escape');
      await session.waitFor('Sandbox Creator (@sandbox.creator) · saved as ana  default · ✓ ready');
    });

    it('a missing local file is said at once, before the account or the network', async () => {
      const dir = tempConfigDir();
      session = new TmuxSession(
        dir,
        [
          'publish',
          '--network',
          'tiktok',
          '--action',
          'video',
          '--sandbox',
          '--tiktok-video-url',
          '~/gone.mp4',
        ],
        { AGORAS_CONFIG_DIR: dir, HOME: join(dir, 'home'), ...FAST },
      );
      expect(await session.exitCode()).toBe(2);
      const screen = session.screen();
      expect(screen).toContain(`agoras: ${join(dir, 'home', 'gone.mp4')}: no such file.`);
      expect(screen).not.toContain('Authorizing');
      expect(screen).not.toContain('Checking the account');
      expect(screen).not.toContain('Title (caption)');
    });

    it('accounts remove of an account that does not exist says so, and asks nothing', async () => {
      const started = await sandboxWithAna();
      sandbox = started.sandbox;
      session = new TmuxSession(tempConfigDir(), ['accounts', 'remove', 'anaa'], started.env);
      expect(await session.exitCode()).toBe(2);
      const screen = session.screen();
      expect(screen).toContain("agoras: No saved account 'anaa'. (saved: ana)");
      expect(screen).not.toContain('Remove');
    });
    it('at 60×20 the header stays and wrapped rows keep their indent', async () => {
      const dir = tempConfigDir();
      session = new TmuxSession(
        dir,
        ['--sandbox'],
        { AGORAS_CONFIG_DIR: dir, ...FAST },
        { columns: 60, rows: 20 },
      );
      const picker = await session.waitFor('✓ ready');
      expect(picker).toMatch(
        /› Sandbox Creator \(@sandbox\.creator\) · saved as sandbox\n {2}default · ✓ ready/,
      );
      session.keys('Enter');
      await session.waitFor('What do you want to post?');
      session.keys('Enter');
      await session.waitFor('Video URL or file');
      session.keys(SAMPLE, 'Enter');
      await session.waitFor(/✓ .*video\/mp4/);
      session.keys('Enter');
      await session.waitFor('Posting as Sandbox Creator');
      session.keys('Down', 'Down', 'Down', 'Down', 'Down', 'Down', 'Down', 'Space');
      const details = await session.waitFor('Send to my TikTok inbox');
      expect(details.split('\n')[0]).toMatch(/^agoras · TikTok {2}SANDBOX {3}4\/6 {2}Details/);
      expect(details).toMatch(/\[ \] Send to my TikTok inbox as a draft \(I finish it in\n {8}the app\)/);
    });
    it('Ctrl+C in the sandbox while TikTok processes: the status command it prints works as shown', async () => {
      const dir = tempConfigDir();
      const env = { AGORAS_CONFIG_DIR: dir, AGORAS_SANDBOX_STATUS_DELAY_MS: '3600000' };
      session = new TmuxSession(dir, [...publishVideo('--tiktok-video-url', SAMPLE)], env);
      await session.waitFor('Status: PROCESSING_UPLOAD');
      session.keys('C-c');
      expect(await session.exitCode()).toBe(130);
      const line =
        /agoras: Cancelled while TikTok processes (\S+): (agoras status \S+ --sandbox) tells what became of it\./.exec(
          session.joinedScreen(),
        );
      expect(line, session.joinedScreen()).not.toBeNull();
      const status = await runCli(line![2]!.split(' ').slice(1), env);
      expect(status.code, status.stderr).toBe(0);
      expect(status.stdout).toContain(`${line![1]}: The run that made it stopped before TikTok finished.`);
      expect(status.stdout).toContain('this is what that run saw');
    });
  },
);

describe('the examples help gives', () => {
  it('agoras sandbox --help: the schedule dry run succeeds as shown, with no internet (demo media on 127.0.0.1)', async () => {
    const help = await runCli(['sandbox', '--help'], {});
    const example = /\$ agoras (publish --sandbox --network tiktok --action schedule --dry-run)/.exec(
      help.stdout,
    );
    expect(example, help.stdout).not.toBeNull();
    const dir = tempConfigDir();
    const r = await runCli(example![1]!.split(' '), {
      AGORAS_CONFIG_DIR: dir,
      HTTPS_PROXY: '',
      NO_PROXY: '*',
    });
    expect(r.code, r.stderr).toBe(0);
    const previews = r.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(previews).toHaveLength(1);
    expect(previews[0]).toMatchObject({ dryRun: true, row: 2, title: 'Sandbox demo: due now #agoras' });
    expect(previews[0].media).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/__sandbox\/demo\/clip\.mp4$/);
  }, 60_000);
});
