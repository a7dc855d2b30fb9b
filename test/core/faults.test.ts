import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../source/shared/errors.js';
import { serveFiles } from '../sandbox/helpers.js';
import { createHarness, type Harness, videoJob } from './harness.js';

const MiB = 1024 * 1024;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
let h: Harness;

afterEach(async () => {
  await h?.close();
});

describe('upload survives faults and still delivers the exact bytes', () => {
  it('resumes after the socket resets in the middle of chunk 2 of 3', async () => {
    h = await createHarness();
    const { path, bytes } = h.video(30 * MiB + 7);
    h.sandbox.faults.add({ endpoint: 'upload', action: 'reset', chunkIndex: 1, afterBytes: 3 * MiB });
    const { publishId, status } = await h.publish(videoJob(path));
    expect(h.sandbox.faults.hits.some((hit) => hit.action === 'reset')).toBe(true);
    expect(status?.status).toBe('PUBLISH_COMPLETE');
    expect(h.sandbox.state.publishes.get(publishId)?.sha256).toBe(sha(bytes));
  });

  it('retries a chunk answered with 503, and polls through status 500s', async () => {
    h = await createHarness();
    const { path, bytes } = h.video(12 * MiB);
    h.sandbox.faults.add({ endpoint: 'upload', status: 503, times: 2 });
    h.sandbox.faults.add({ endpoint: 'status', status: 500, times: 2 });
    const { publishId, status } = await h.publish(videoJob(path));
    expect(status?.status).toBe('PUBLISH_COMPLETE');
    expect(h.sandbox.state.publishes.get(publishId)?.sha256).toBe(sha(bytes));
  });

  it('resumes from a URL source after a reset (the chunk is kept in memory to resend)', async () => {
    h = await createHarness();
    const { bytes } = h.video(21 * MiB);
    const server = await serveFiles({ '/v.mp4': bytes });
    h.sandbox.faults.add({ endpoint: 'upload', action: 'reset', chunkIndex: 1, afterBytes: MiB });
    const { publishId } = await h.publish(videoJob(server.url('/v.mp4')));
    await server.close();
    expect(h.sandbox.state.publishes.get(publishId)?.sha256).toBe(sha(bytes));
  });
});

describe('API calls retry what is safe and only that', () => {
  it('retries a 503 on video init without creating a second publish', async () => {
    h = await createHarness();
    h.sandbox.faults.add({ endpoint: 'video_init', status: 503, times: 1 });
    await h.publish(videoJob('test/fixtures/sample.mp4'));
    expect(h.sandbox.state.publishes.size).toBe(1);
  });

  it('honours 429 Retry-After on creator_info', async () => {
    h = await createHarness();
    h.sandbox.faults.add({
      endpoint: 'creator_info',
      status: 429,
      code: 'rate_limit_exceeded',
      retryAfterSec: 1,
    });
    const started = Date.now();
    await h.publish(videoJob('test/fixtures/sample.mp4'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('does not retry an init whose connection reset (TikTok may have accepted it)', async () => {
    h = await createHarness();
    h.sandbox.faults.add({ endpoint: 'photo_init', action: 'reset' });
    const server = await serveFiles({
      '/a.jpg': (await import('../sandbox/helpers.js')).fixture('sample.jpg'),
    });
    const job = {
      kind: 'photo' as const,
      images: [server.url('/a.jpg')],
      title: 't',
      privacy: 'SELF_ONLY' as const,
      allowComments: false,
      autoAddMusic: false,
      brand: { organic: false, content: false },
      mode: 'direct' as const,
    };
    const error = await h.publish(job).catch((e) => e);
    await server.close();
    expect(error.exitCode).toBe(ExitCode.network);
    expect(h.sandbox.state.requestCounts.photo_init).toBe(1);
  });

  it('stops after bounded retries with exit code 5', async () => {
    h = await createHarness();
    h.sandbox.faults.add({ endpoint: 'creator_info', status: 502, times: 50 });
    const error = await h.publish(videoJob('test/fixtures/sample.mp4')).catch((e) => e);
    expect(error.exitCode).toBe(ExitCode.network);
    expect(h.sandbox.state.requestCounts.creator_info).toBe(5);
  });

  it('reports a FAILED publish in plain words with exit code 4', async () => {
    h = await createHarness();
    h.sandbox.faults.failNextPublish('spam_risk_too_many_posts');
    const error = await h.publish(videoJob('test/fixtures/sample.mp4')).catch((e) => e);
    expect(error.exitCode).toBe(ExitCode.refused);
    expect(error.message).toMatch(/posted too much today/);
  });

  it('refreshes when the access token expires between two chunks', async () => {
    h = await createHarness();
    const { path, bytes } = h.video(20 * MiB);
    let expired = false;
    const { publishId } = await h.publish(videoJob(path), {
      reporter: {
        step() {},
        warn() {},
        info() {},
        progress(sent) {
          if (!expired && sent > 0) {
            expired = true;
            h.sandbox.faults.expireAccessTokens();
          }
        },
      },
    });
    expect(h.sandbox.state.publishes.get(publishId)?.sha256).toBe(sha(bytes));
    expect(h.sandbox.state.requestCounts.token).toBeGreaterThanOrEqual(2);
  });
});
