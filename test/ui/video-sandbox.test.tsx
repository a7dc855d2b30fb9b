import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Runtime } from '../../source/core/runtime.js';
import { createAgoras } from '../../source/core/service.js';
import type { Sandbox } from '../../source/sandbox/index.js';
import { makeVideoBytes } from '../sandbox/helpers.js';
import { renderApp, toMedia } from './drive.js';
import { KEY, press, type, waitForText } from './helpers.js';
import { sandboxRuntime } from './sandbox-runtime.js';

// The real wizard (App + the same services the CLI gives it) posting a video to the sandbox in-process.
let sandbox: Sandbox;
let runtime: Runtime;
let videoPath: string;
const video = makeVideoBytes(12 * 1024 * 1024 + 99); // two chunks' worth of plan: one 10 MiB+ chunk

beforeAll(async () => {
  ({ sandbox, runtime } = await sandboxRuntime());
  videoPath = join(mkdtempSync(join(tmpdir(), 'agoras-ui-video-')), 'clip.mp4');
  writeFileSync(videoPath, video);
});

afterAll(async () => {
  await runtime?.close();
  await sandbox?.close();
});

describe('the real wizard posting a video', () => {
  it('uploads the checked file with the chosen settings; TikTok receives exactly those bytes and flags', async () => {
    const app = renderApp(createAgoras(runtime));
    await toMedia(app, 'video');
    await type(app.stdin, videoPath);
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, /✓ .*video\/mp4/);
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'Posting as Sandbox Creator');
    await type(app.stdin, 'From the wizard #agoras');
    // Rows: title, Everyone, Friends, Only me, comments, duet, stitch.
    await press(app.stdin, KEY.down, KEY.down, KEY.space, KEY.down, KEY.down, KEY.down, KEY.space, KEY.enter);
    await waitForText(app.lastFrame, 'Disclose commercial content');
    await press(app.stdin, KEY.space, KEY.down, KEY.space, KEY.enter);
    const review = await waitForText(app.lastFrame, 'Post to TikTok');
    expect(review).toContain('Promotional content');
    expect(sandbox.state.publishes.size).toBe(0);
    await press(app.stdin, KEY.enter);
    const result = await waitForText(app.lastFrame, /Publish ID +(\S+)/, 20_000);
    const publishId = /Publish ID +(\S+)/.exec(result)![1]!;
    const record = sandbox.state.publishes.get(publishId)!;
    expect(record.sha256).toBe(createHash('sha256').update(video).digest('hex'));
    expect(record.status).toBe('PUBLISH_COMPLETE');
    expect(record.post_info).toEqual({
      title: 'From the wizard #agoras',
      privacy_level: 'MUTUAL_FOLLOW_FRIENDS',
      disable_comment: true,
      disable_duet: false,
      disable_stitch: true,
      brand_content_toggle: false,
      brand_organic_toggle: true,
    });
    await press(app.stdin, KEY.enter);
    await vi.waitFor(() => expect(app.onExit).toHaveBeenCalledWith(0));
  });
});
