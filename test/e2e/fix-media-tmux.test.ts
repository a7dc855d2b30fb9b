// The line mode in a real terminal (tmux): a video TikTok would fail is offered as a converted copy,
// and posted only once the person says yes; "no" posts nothing and says what to pass instead.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempConfigDir } from './cli.js';
import { TMUX_MISSING, TmuxSession } from './tmux.js';

let session: TmuxSession | undefined;
afterEach(() => session?.kill());

const AV1 = resolve(import.meta.dirname, '../fixtures/media/av1.mp4');
const run = (dir: string) =>
  new TmuxSession(
    dir,
    [
      'publish',
      '--network',
      'tiktok',
      '--action',
      'video',
      '--sandbox',
      '--tiktok-video-url',
      AV1,
      '--tiktok-title',
      'Fixed',
      '--tiktok-privacy-status',
      'SELF_ONLY',
    ],
    {
      AGORAS_CONFIG_DIR: dir,
      AGORAS_CACHE_DIR: mkdtempSync(join(tmpdir(), 'agoras-cache-')),
      AGORAS_SANDBOX_STATUS_DELAY_MS: '100',
      AGORAS_POLL_INTERVAL_MS: '100',
    },
  );

describe.skipIf(TMUX_MISSING)(
  `--fix-media's question in a real terminal (tmux)${TMUX_MISSING ? `: ${TMUX_MISSING}` : ''}`,
  { timeout: 120_000 },
  () => {
    it('asks "Convert a copy?"; yes converts and posts', async () => {
      const dir = tempConfigDir();
      session = run(dir);
      const asked = await session.waitFor('Convert a copy (AV1 → H.264)?');
      expect(asked).toMatch(/av1\.mp4: AV1 video; TikTok needs H\.264/); // the line wraps at 80 columns
      expect(asked).not.toContain('{"id"');
      session.keys('y', 'Enter');
      await session.waitFor(/\{"id":"v_pub_file~v2-1\.\d+"\}[\s\S]*Published/);
      expect(await session.exitCode()).toBe(0);
    });

    it('no posts nothing and names the flag', async () => {
      const dir = tempConfigDir();
      session = run(dir);
      await session.waitFor('Convert a copy (AV1 → H.264)?');
      session.keys('n', 'Enter');
      expect(await session.exitCode()).toBe(2);
      expect(session.screen()).toContain('--fix-media');
      expect(session.screen()).not.toContain('{"id"');
    });
  },
);
