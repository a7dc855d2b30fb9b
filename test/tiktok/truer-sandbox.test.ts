import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Runtime } from '../../source/core/runtime.js';
import { createAgoras } from '../../source/core/service.js';
import type { Sandbox, SandboxOptions } from '../../source/sandbox/index.js';
import { AuthError } from '../../source/shared/errors.js';
import type { VideoJob } from '../../source/shared/post-job.js';
import type { Reporter } from '../../source/shared/reporter.js';
import { videoJob } from '../core/harness.js';
import { makeVideoBytes } from '../sandbox/helpers.js';
import { sandboxRuntime } from '../ui/sandbox-runtime.js';

// agoras against the sandbox as TikTok is today: ids withheld by moderation, 2 h tokens, and token
// errors that come with HTTP 200.
let sandbox: Sandbox | undefined;
let runtime: Runtime | undefined;
afterEach(async () => {
  await runtime?.close();
  await sandbox?.close();
  runtime = sandbox = undefined;
});

async function setUp(options: SandboxOptions = {}) {
  let dir: string;
  ({ sandbox, runtime, dir } = await sandboxRuntime({ statusDelayMs: 10, ...options }));
  const video = join(dir, 'clip.mp4');
  writeFileSync(video, makeVideoBytes(200_000));
  return { agoras: createAgoras(runtime!), video };
}

const job = (media: string, privacy: VideoJob['privacy'] = 'PUBLIC_TO_EVERYONE'): VideoJob =>
  videoJob(media, { title: 'Truer', privacy });

const quiet: Reporter = { step() {}, info() {}, warn() {}, progress() {} };
const signal = () => new AbortController().signal;

describe('PUBLISH_COMPLETE without an id (moderation)', () => {
  it('a public post is reported complete with no id and no link; nothing breaks', async () => {
    const { agoras, video } = await setUp(); // the default 10 s moderation
    const result = await agoras.publish('ana', job(video), quiet, signal());
    expect(result.status?.status).toBe('PUBLISH_COMPLETE');
    expect(result.status?.publicaly_available_post_id ?? []).toEqual([]);
    expect(sandbox!.state.publishes.get(result.publishId)!.moderation_ends_at).toBeGreaterThan(Date.now());
  });
});

describe('token errors with HTTP 200', () => {
  it('temporarily_unavailable with 200 on a refresh is retried like a 503, and the post goes out', async () => {
    const { agoras, video } = await setUp({ moderationDelayMs: 0 });
    sandbox!.faults.expireAccessTokens(); // the run must refresh
    sandbox!.faults.apply([{ endpoint: 'token', status: 200, code: 'temporarily_unavailable', times: 2 }]);
    const result = await agoras.publish('ana', job(video, 'SELF_ONLY'), quiet, signal());
    expect(result.status?.status).toBe('PUBLISH_COMPLETE');
    expect(sandbox!.faults.hits.filter((h) => h.endpoint === 'token')).toHaveLength(2);
    const saved = await runtime!.store.account('ana');
    expect(sandbox!.state.refreshTokens.get(saved!.refreshToken)?.revoked).toBe(false);
  });

  it('invalid_grant with 200 is a refused login (log in again), not a network failure; the saved login is kept', async () => {
    const { agoras, video } = await setUp({ moderationDelayMs: 0 });
    const before = await runtime!.store.account('ana');
    sandbox!.faults.expireAccessTokens();
    sandbox!.faults.revokeRefreshTokens();
    sandbox!.faults.apply({ tokenErrorsWith200: true });
    const failure = await agoras.publish('ana', job(video, 'SELF_ONLY'), quiet, signal()).catch((e) => e);
    expect(failure).toBeInstanceOf(AuthError);
    expect(String(failure.message)).toMatch(/no longer accepts the saved login/);
    expect((await runtime!.store.account('ana'))!.refreshToken).toBe(before!.refreshToken);
  });
});
