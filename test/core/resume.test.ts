import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PostRecords } from '../../source/store/post-records.js';
import { serveFiles } from '../sandbox/helpers.js';
import { crashAfterChunks, createHarness, type Harness, videoJob } from './harness.js';

const MiB = 1024 * 1024;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
let h: Harness;

afterEach(async () => {
  await h?.close();
});

/** Publishes until `chunks` chunks were acknowledged, then stops the run as a crash would. */
async function publishUntil(job: Parameters<Harness['publish']>[0], records: PostRecords, chunks: number) {
  const controller = new AbortController();
  const error = await h
    .publish(job, {
      records,
      signal: controller.signal,
      reporter: crashAfterChunks(h, controller, chunks),
    })
    .catch((e) => e);
  expect(error).toBeInstanceOf(Error);
}

describe('resume in core', () => {
  it.each([
    ['a file', false],
    ['a URL', true],
  ])('%s: the second run continues the same publish ID with the exact bytes', async (_name, byUrl) => {
    h = await createHarness({ rateLimits: false });
    const { path, bytes } = h.video(33 * MiB + 5);
    const server = byUrl ? await serveFiles({ '/v.mp4': bytes }) : undefined;
    const media = server ? server.url('/v.mp4') : path;
    const records = new PostRecords(join(h.dir, 'posts'), 'ana');
    await publishUntil(videoJob(media), records, 2);
    const [record] = await records.list();
    expect(record?.upload?.ackedChunks).toBe(2);
    const lines: string[] = [];
    const ids: string[] = [];
    const { publishId, status } = await h.publish(videoJob(media), {
      records,
      onPublishId: (id) => void ids.push(id),
      reporter: { step() {}, warn() {}, progress() {}, info: (m) => lines.push(m) },
    });
    await server?.close();
    expect(publishId).toBe(record!.publishId);
    expect(ids).toEqual([publishId]);
    expect(lines.some((l) => l.startsWith('Resuming: '))).toBe(true);
    expect(h.sandbox.state.requestCounts.video_init).toBe(1);
    expect(status?.status).toBe('PUBLISH_COMPLETE');
    expect(h.sandbox.state.publishes.get(publishId)?.sha256).toBe(sha(bytes));
  });
});
