import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempConfigDir } from './cli.js';
import { TMUX_MISSING, TmuxSession } from './tmux.js';

// A person's first hour, in a real terminal: what a new user typed, the way people type it.

let session: TmuxSession | undefined;
afterEach(() => session?.kill());

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
  },
);
