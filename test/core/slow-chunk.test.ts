import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ExitCode, NetworkError } from '../../source/shared/errors.js';
import { createHttp } from '../../source/shared/http.js';
import { createHarness, videoJob } from './harness.js';

// A chunk TikTok is slow to answer, against the sandbox: requests time out after 800 ms here.
const MiB = 1024 * 1024;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('a slow chunk', () => {
  it('is waited out while TikTok answers 416 at its start (still busy with it), not counted as a disagreement', async () => {
    const h = await createHarness({ statusDelayMs: 20 }, createHttp({ retryBaseMs: 20, timeoutMs: 800 }));
    try {
      const { path, bytes } = h.video(31 * MiB); // three chunks: 10, 10 and 11 MiB
      // Chunk 3 is held for 17 s: longer than six quick attempts ever took to give up.
      h.sandbox.faults.add({ endpoint: 'upload', action: 'delay', delayMs: 17_000, chunkIndex: 2 });
      const { publishId, status } = await h.publish(videoJob(path));
      expect(h.sandbox.faults.hits.map((hit) => hit.chunkIndex)).toEqual([2]);
      expect(status?.status).toBe('PUBLISH_COMPLETE');
      expect(h.sandbox.state.publishes.get(publishId)!.sha256).toBe(sha(bytes));
    } finally {
      await h.close();
    }
  }, 60_000);

  it('that keeps failing stops the upload with what happened, and says a rerun continues it', async () => {
    const h = await createHarness({ statusDelayMs: 20 }, createHttp({ retryBaseMs: 20, timeoutMs: 800 }));
    try {
      const { path } = h.video(21 * MiB); // two chunks
      h.sandbox.faults.add({ endpoint: 'upload', action: 'reset', afterBytes: MiB, chunkIndex: 1, times: 6 });
      const error = await h.publish(videoJob(path)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NetworkError);
      expect((error as NetworkError).exitCode).toBe(ExitCode.network);
      expect((error as NetworkError).message).toMatch(
        /^The upload stopped at chunk 2 of 2: the connection failed \(\w+\) \(6 attempts\)\.$/,
      );
      expect((error as NetworkError).hint).toBe(
        'run the same command again within the hour: it continues the upload where TikTok stands',
      );
    } finally {
      await h.close();
    }
  });

  it('progress is told as the bytes leave, not only when TikTok acknowledges a chunk', async () => {
    const h = await createHarness({ statusDelayMs: 20 });
    try {
      const { path } = h.video(21 * MiB); // two chunks: 10 and 11 MiB
      const told: number[] = [];
      await h.publish(videoJob(path), {
        reporter: { step() {}, info() {}, warn() {}, progress: (sent) => void told.push(sent) },
      });
      const withinFirstChunk = told.filter((sent) => sent > 0 && sent < 10 * MiB);
      expect(withinFirstChunk.length).toBeGreaterThanOrEqual(10);
      expect(told).toEqual([...told].sort((a, b) => a - b));
      expect(told.at(-1)).toBe(21 * MiB);
    } finally {
      await h.close();
    }
  });
});
