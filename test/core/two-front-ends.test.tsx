import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveCommandLine } from '../../source/cli/command-line.js';
import { runCommand } from '../../source/cli/run-command.js';
import type { Runtime } from '../../source/core/runtime.js';
import { createAgoras } from '../../source/core/service.js';
import type { Sandbox } from '../../source/sandbox/index.js';
import { storeEnv } from '../e2e/cli.js';
import { makeVideoBytes } from '../sandbox/helpers.js';
import { renderApp, toMedia } from '../ui/drive.js';
import { KEY, press, type, waitForText } from '../ui/helpers.js';
import { sandboxRuntime } from '../ui/sandbox-runtime.js';

// The wizard and the seed's command line post the same video with the same choices to one sandbox:
// both go through core's service, so TikTok must receive the very same request from each.
let sandbox: Sandbox;
let runtime: Runtime;
let dir: string;
let videoPath: string;

beforeAll(async () => {
  ({ sandbox, runtime, dir } = await sandboxRuntime());
  videoPath = join(mkdtempSync(join(tmpdir(), 'agoras-fronts-')), 'clip.mp4');
  writeFileSync(videoPath, makeVideoBytes(3 * 1024 * 1024 + 7));
});

afterAll(async () => {
  await runtime?.close();
  await sandbox?.close();
});

async function viaWizard(): Promise<string> {
  const app = renderApp(createAgoras(runtime));
  await toMedia(app, 'video');
  await type(app.stdin, videoPath);
  await press(app.stdin, KEY.enter);
  await waitForText(app.lastFrame, /✓ .*video\/mp4/);
  await press(app.stdin, KEY.enter);
  await waitForText(app.lastFrame, 'Posting as Sandbox Creator');
  await type(app.stdin, 'Same post, two doors');
  // Rows: title, Everyone, Friends, Only me, comments, duet, stitch → Friends, comments off, stitch off.
  await press(app.stdin, KEY.down, KEY.down, KEY.space, KEY.down, KEY.down, KEY.down, KEY.space, KEY.enter);
  await waitForText(app.lastFrame, 'Disclose commercial content');
  await press(app.stdin, KEY.space, KEY.down, KEY.space, KEY.enter);
  await waitForText(app.lastFrame, 'Post to TikTok');
  await press(app.stdin, KEY.enter);
  const result = await waitForText(app.lastFrame, /Publish ID +(\S+)/, 20_000);
  await press(app.stdin, KEY.enter);
  return /Publish ID +(\S+)/.exec(result)![1]!;
}

async function viaCommandLine(): Promise<string> {
  const env = {
    TIKTOK_API_BASE_URL: sandbox.urls.tiktokApiBaseUrl,
    TIKTOK_AUTH_URL: sandbox.urls.tiktokAuthUrl,
    AGORAS_CONFIG_DIR: dir,
    AGORAS_POLL_INTERVAL_MS: '20',
    CI: 'true',
    ...storeEnv({ AGORAS_CONFIG_DIR: dir }), // the wizard's store (in the Redis pass, its database)
  };
  const argv = [
    'publish',
    '--network',
    'tiktok',
    '--action',
    'video',
    '--headless',
    '--tiktok-username',
    'ana',
    '--tiktok-video-url',
    videoPath,
    '--tiktok-title',
    'Same post, two doors',
    '--tiktok-privacy-status',
    'MUTUAL_FOLLOW_FRIENDS',
    '--no-tiktok-allow-comments',
    '--tiktok-allow-duet',
    '--no-tiktok-allow-stitch',
    '--brand-organic',
  ];
  const stdout = new PassThrough();
  let printed = '';
  stdout.on('data', (chunk) => {
    printed += chunk;
  });
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string) => stdout.write(chunk)) as typeof process.stdout.write;
  try {
    const line = resolveCommandLine(argv, env);
    const decided = { interactive: false, sandbox: false, store: {} };
    expect(await runCommand(line, env, decided)).toBe(0);
  } finally {
    process.stdout.write = write;
  }
  return (JSON.parse(printed.trim()) as { id: string }).id;
}

describe('one service for both front ends', () => {
  it('TikTok receives the same init from the wizard and from the seed command', async () => {
    const fromWizard = sandbox.state.publishes.get(await viaWizard())!;
    const fromFlags = sandbox.state.publishes.get(await viaCommandLine())!;
    expect(fromWizard.post_info).toEqual({
      title: 'Same post, two doors',
      privacy_level: 'MUTUAL_FOLLOW_FRIENDS',
      disable_comment: true,
      disable_duet: false,
      disable_stitch: true,
      brand_content_toggle: false,
      brand_organic_toggle: true,
    });
    expect(fromFlags.post_info).toEqual(fromWizard.post_info);
    expect(fromFlags.sha256).toBe(fromWizard.sha256);
    expect(fromFlags.status).toBe('PUBLISH_COMPLETE');
    expect(fromWizard.status).toBe('PUBLISH_COMPLETE');
  });
});
