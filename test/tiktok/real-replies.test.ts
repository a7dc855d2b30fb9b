import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Runtime } from '../../source/core/runtime.js';
import { createAgoras } from '../../source/core/service.js';
import type { Sandbox, SandboxOptions } from '../../source/sandbox/index.js';
import type { VideoJob } from '../../source/shared/post-job.js';
import type { Reporter } from '../../source/shared/reporter.js';
import { videoJob } from '../core/harness.js';
import { makeVideoBytes } from '../sandbox/helpers.js';
import { sandboxRuntime } from '../ui/sandbox-runtime.js';

// The client against the sandbox in the modes that are most like TikTok's real replies: 429s without
// Retry-After, and status replies that leave out every optional field.
let sandbox: Sandbox | undefined;
let runtime: Runtime | undefined;

afterEach(async () => {
  await runtime?.close();
  await sandbox?.close();
  runtime = sandbox = undefined;
});

async function setUp(options: SandboxOptions, windowMs: number) {
  let dir: string;
  ({ sandbox, runtime, dir } = await sandboxRuntime(
    { statusDelayMs: 10, ...options },
    { AGORAS_RATE_WINDOW_MS: String(windowMs) },
  ));
  const video = join(dir, 'clip.mp4');
  writeFileSync(video, makeVideoBytes(200_000));
  return { agoras: createAgoras(runtime!), video };
}

const job = (media: string, title: string): VideoJob => videoJob(media, { title });

function recorder(): Reporter & { infos: string[] } {
  const infos: string[] = [];
  return {
    infos,
    step() {},
    info: (m) => void infos.push(m),
    warn: (m) => void infos.push(m),
    progress() {},
  };
}

describe('TikTok as it really answers', () => {
  it('posts eight videos within one rate window without Retry-After: all land, the wait is said', async () => {
    // TikTok allows 6 inits a minute per token; a 1.5 s window rehearses the same arithmetic.
    const { agoras, video } = await setUp({ rateWindowMs: 1500, retryAfter: false }, 1500);
    const reporter = recorder();
    const signal = new AbortController().signal;
    const ids: string[] = [];
    for (let i = 1; i <= 8; i++) {
      const result = await agoras.publish('ana', job(video, `Post ${i}`), reporter, signal);
      expect(result.status?.status).toBe('PUBLISH_COMPLETE');
      ids.push(result.publishId);
    }
    expect(new Set(ids).size).toBe(8);
    expect(sandbox!.state.publishes.size).toBe(8);
    const waits = reporter.infos.filter((m) => m.includes('waiting'));
    expect(waits).toContainEqual(expect.stringMatching(/^TikTok allows 6 posts per 2 s: waiting \d+ s$/));
  });

  it('finishes a post whose status replies carry only the status (sparse mode)', async () => {
    const { agoras, video } = await setUp({ sparse: true }, 60_000);
    const result = await agoras.publish(
      'ana',
      job(video, 'Sparse'),
      recorder(),
      new AbortController().signal,
    );
    expect(result.status).toEqual({ status: 'PUBLISH_COMPLETE' });
  });
});
