// Ctrl+C typed in the line mode's terminal (raw while a spinner or the upload bar runs, so the
// terminal raises no SIGINT itself) cancels the run exactly as SIGINT does: exit 130, nothing new
// sent to TikTok, the upload resumable. Before, the key could be swallowed and the post went out.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../source/sandbox/index.js';
import { makeVideoBytes } from '../sandbox/helpers.js';
import { runCli } from './cli.js';
import { until } from './resume-helpers.js';
import { sandboxWithAna } from './sources-helpers.js';
import { TMUX_MISSING, TmuxSession } from './tmux.js';

const MiB = 1024 * 1024;
const WIDE = { columns: 200, rows: 40 }; // the lines read whole, unwrapped
let sandbox: Sandbox;
let env: Record<string, string>;
let video: string;
let session: TmuxSession | undefined;

beforeAll(async () => {
  ({ sandbox, env } = await sandboxWithAna());
  // Two chunks (10 MiB planned, the last 14 MiB): holding the first keeps the post unfinished.
  video = join(env.AGORAS_CONFIG_DIR!, 'two-chunks.mp4');
  writeFileSync(video, makeVideoBytes(24 * MiB + 12345));
});
afterAll(async () => sandbox?.close());
afterEach(() => {
  session?.kill();
  sandbox.faults.clear();
});

const post = (title: string) => [
  ...['publish', '--network', 'tiktok', '--action', 'video', '--tiktok-username', 'ana'],
  ...['--tiktok-video-url', video, '--tiktok-title', title, '--tiktok-privacy-status', 'SELF_ONLY', '--yes'],
];
const complete = () => [...sandbox.state.publishes.values()].filter((p) => p.status === 'PUBLISH_COMPLETE');

describe.skipIf(TMUX_MISSING)(
  `Ctrl+C in the line mode's raw terminal (tmux)${TMUX_MISSING ? `: ${TMUX_MISSING}` : ''}`,
  { timeout: 180_000 },
  () => {
    it('at the spinner (checking the account): exit 130, nothing sent to the posting endpoints', async () => {
      sandbox.faults.add({ endpoint: 'creator_info', action: 'delay', delayMs: 30_000 });
      const before = sandbox.state.publishes.size;
      session = new TmuxSession(env.AGORAS_CONFIG_DIR!, post('Spinner'), env, WIDE);
      await session.waitFor('Checking the account');
      session.keys('x\u0003'); // one burst: a stray key, then Ctrl+C
      expect(await session.exitCode()).toBe(130);
      expect(session.screen()).toContain('Cancelled; nothing was posted.');
      expect(sandbox.state.publishes.size).toBe(before);
    });

    it('during the upload bar: exit 130, the post never completes, the rerun resumes it', async () => {
      sandbox.faults.add({ endpoint: 'upload', action: 'delay', delayMs: 3000, chunkIndex: 0 });
      const done = complete().length;
      session = new TmuxSession(env.AGORAS_CONFIG_DIR!, post('Upload bar'), env, WIDE);
      await session.waitFor(/Uploading/);
      session.keys('C-c');
      expect(await session.exitCode()).toBe(130);
      expect(session.screen()).toMatch(/Run the same command again to continue the upload\./);
      // The sandbox finishes with the held chunk (as TikTok would) before the post is looked at.
      await until(() => [...sandbox.state.uploads.values()].every((u) => !u.busy));
      expect(complete().length).toBe(done);
      sandbox.faults.clear();
      const rerun = await runCli([...post('Upload bar'), '--headless'], env);
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(rerun.stderr).toMatch(/Resuming the upload/);
      expect(complete().length).toBe(done + 1);
    });

    it.each([
      ['Esc', 'Escape'],
      ['Ctrl+C', 'C-c'],
    ])('%s at "Post to TikTok?": not posted, exit 130, one line', async (_key, key) => {
      const before = sandbox.state.publishes.size;
      const asks = post('unused').filter((a) => a !== '--yes' && a !== '--tiktok-title' && a !== 'unused');
      session = new TmuxSession(env.AGORAS_CONFIG_DIR!, asks, env, WIDE);
      await session.waitFor('Title (caption):');
      session.keys('Asked', 'Enter');
      await session.waitFor('Interactions');
      session.keys('Enter');
      await session.waitFor('Does this post promote a brand, product or service?');
      session.keys('Enter');
      await session.waitFor('Post to TikTok?');
      session.keys(key);
      expect(await session.exitCode()).toBe(130);
      const said = session
        .screen()
        .split('\n')
        .filter((l) => l.startsWith('agoras:'));
      expect(said).toHaveLength(1);
      expect(said[0]).toMatch(/^agoras: (Not posted\.|Cancelled; nothing was posted\.)$/);
      expect(sandbox.state.publishes.size).toBe(before);
    });

    it('during status polling: exit 130, and the line names agoras status', async () => {
      sandbox.faults.add({ endpoint: 'status', action: 'delay', delayMs: 30_000, times: 5 });
      session = new TmuxSession(env.AGORAS_CONFIG_DIR!, post('Polling'), env, WIDE);
      await session.waitFor('Checking status');
      session.keys('C-c');
      expect(await session.exitCode()).toBe(130);
      expect(session.screen()).toMatch(/Cancelled while TikTok processes \S+: agoras status/);
    });
  },
);
