import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, utimesSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PostRecords } from '../../source/store/post-records.js';
import { crashAfterChunks, createHarness, type Harness, videoJob } from '../core/harness.js';

/**
 * An upload record altered by someone else: a raised `ackedChunks` (the record claims every chunk
 * was sent), an altered `chunkSize`, an upload URL pointing elsewhere. TikTok's count wins; a record
 * that cannot be true is dropped with a line; the post completes with the exact bytes, never to
 * another address, and never with "unexpected error".
 */
const MiB = 1024 * 1024;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function interrupted(records: PostRecords, media: string) {
  const controller = new AbortController();
  await h
    .publish(videoJob(media), {
      records,
      signal: controller.signal,
      reporter: crashAfterChunks(h, controller, 1),
    })
    .catch(() => {});
  const [record] = await records.list();
  expect(record?.upload?.ackedChunks).toBe(1);
  return record!;
}

async function rerun(records: PostRecords, media: string) {
  const lines: string[] = [];
  const result = await h.publish(videoJob(media), {
    records,
    reporter: { step() {}, progress() {}, warn: (m) => lines.push(m), info: (m) => lines.push(m) },
  });
  return { ...result, lines };
}

describe('tampered upload records', () => {
  it('a raised ackedChunks: TikTok’s count wins, the missing chunks are sent, no 10-minute poll', async () => {
    h = await createHarness({ rateLimits: false });
    const { path, bytes } = h.video(33 * MiB + 5);
    const records = new PostRecords(join(h.dir, 'posts'), 'ana');
    const record = await interrupted(records, path);
    await records.save({
      ...record,
      upload: { ...record.upload!, ackedChunks: record.upload!.totalChunkCount },
    });
    const { publishId, status, lines } = await rerun(records, path);
    expect(publishId).toBe(record.publishId);
    expect(lines.some((l) => /says every chunk was sent; TikTok has/.test(l))).toBe(true);
    expect(status?.status).toBe('PUBLISH_COMPLETE');
    expect(h.sandbox.state.publishes.get(publishId)?.sha256).toBe(sha(bytes));
  }, 30_000);

  it('an altered chunkSize: the record is dropped with a line and a new upload completes', async () => {
    h = await createHarness({ rateLimits: false });
    const { path, bytes } = h.video(33 * MiB + 5);
    const records = new PostRecords(join(h.dir, 'posts'), 'ana');
    const record = await interrupted(records, path);
    await records.save({ ...record, upload: { ...record.upload!, chunkSize: 3 * MiB } });
    const { publishId, status, lines } = await rerun(records, path);
    expect(
      lines.some((l) =>
        /cannot be used \(a chunk plan that does not fit the video size\) and was dropped/.test(l),
      ),
    ).toBe(true);
    expect(status?.status).toBe('PUBLISH_COMPLETE');
    expect(h.sandbox.state.publishes.get(publishId)?.sha256).toBe(sha(bytes));
  }, 30_000);

  it('an upload URL on another address: dropped with a line, nothing sent there', async () => {
    h = await createHarness({ rateLimits: false });
    const { path, bytes } = h.video(33 * MiB + 5);
    const records = new PostRecords(join(h.dir, 'posts'), 'ana');
    const record = await interrupted(records, path);
    await records.save({ ...record, upload: { ...record.upload!, uploadUrl: 'http://127.0.0.2:9/steal' } });
    const { publishId, status, lines } = await rerun(records, path);
    expect(lines.some((l) => /names an upload URL that agoras does not send video to/.test(l))).toBe(true);
    expect(publishId).not.toBe(record.publishId);
    expect(status?.status).toBe('PUBLISH_COMPLETE');
    expect(h.sandbox.state.publishes.get(publishId)?.sha256).toBe(sha(bytes));
  }, 30_000);
});

describe('a file changed in the middle, same size and modification time', () => {
  it('is seen before the rest is sent: a new upload of the new bytes, never a mix', async () => {
    h = await createHarness({ rateLimits: false });
    const { path } = h.video(33 * MiB + 5);
    utimesSync(path, 1_700_000_000, 1_700_000_000); // a whole-second mtime, restored exactly below
    const records = new PostRecords(join(h.dir, 'posts'), 'ana');
    const record = await interrupted(records, path);
    // 5 MiB in: inside the acknowledged chunk 1, away from the head and tail the identity hashes.
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, 5 * MiB);
    closeSync(fd);
    utimesSync(path, 1_700_000_000, 1_700_000_000);
    const changed = readFileSync(path);
    const { publishId, status, lines } = await rerun(records, path);
    expect(lines.some((l) => /Starting a new upload: chunk 1 of the file changed/.test(l))).toBe(true);
    expect(publishId).not.toBe(record.publishId);
    expect(status?.status).toBe('PUBLISH_COMPLETE');
    expect(h.sandbox.state.publishes.get(publishId)?.sha256).toBe(sha(changed));
  }, 30_000);
});
