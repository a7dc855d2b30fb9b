import { describe, expect, it } from 'vitest';
import {
  CHUNK_RULES,
  longestChunk,
  planChunks,
  planEvenChunks,
  planOf,
} from '../../source/shared/chunk-plan.js';

const MiB = 1024 * 1024;

describe('planChunks', () => {
  it('sends a file under 5 MiB as one chunk of its own size', () => {
    expect(planChunks(5 * MiB - 1)).toMatchObject({ chunkSize: 5 * MiB - 1, totalChunkCount: 1 });
  });

  it('follows the guide example: 50 000 123 bytes in 10 000 000-byte chunks is 5 chunks, the last 10 000 123', () => {
    const plan = planChunks(50_000_123, 10_000_000);
    expect(plan.totalChunkCount).toBe(5);
    const last = plan.chunks[4]!;
    expect(last.end - last.start + 1).toBe(10_000_123);
  });

  it('uses floor(size / chunk) and gives the remainder to the last chunk', () => {
    const plan = planChunks(24 * MiB + 5, 10 * MiB);
    expect(plan.totalChunkCount).toBe(2);
    expect(plan.chunks.map((c) => c.end - c.start + 1)).toEqual([10 * MiB, 14 * MiB + 5]);
  });

  it('covers every byte exactly once and stays within TikTok’s limits up to 4 GiB', () => {
    for (const size of [5 * MiB, 64 * MiB, 64 * MiB + 1, 1000 * MiB + 7, CHUNK_RULES.maxFile]) {
      const plan = planChunks(size);
      expect(plan.chunks[0]!.start).toBe(0);
      expect(plan.chunks.at(-1)!.end).toBe(size - 1);
      for (let i = 1; i < plan.chunks.length; i++)
        expect(plan.chunks[i]!.start).toBe(plan.chunks[i - 1]!.end + 1);
      expect(plan.totalChunkCount).toBeLessThanOrEqual(CHUNK_RULES.maxChunks);
      expect(plan.totalChunkCount).toBe(Math.floor(size / plan.chunkSize));
      const last = plan.chunks.at(-1)!;
      expect(last.end - last.start + 1).toBeLessThanOrEqual(CHUNK_RULES.maxLastChunk);
      if (plan.totalChunkCount > 1) {
        expect(plan.chunkSize).toBeGreaterThanOrEqual(CHUNK_RULES.minChunk);
        expect(plan.chunkSize).toBeLessThanOrEqual(CHUNK_RULES.maxChunk);
      }
    }
  });

  it('refuses empty and over-4 GiB files', () => {
    expect(() => planChunks(0)).toThrow(/empty/);
    expect(() => planChunks(CHUNK_RULES.maxFile + 1)).toThrow(/4 GB/);
  });
});

describe('planEvenChunks', () => {
  it('chunks of equal length from the file size: the last at most count − 1 bytes longer', () => {
    for (const size of [5 * MiB + 1, 33 * MiB + 5, 100 * MiB, 1024 * MiB + 3, CHUNK_RULES.maxFile]) {
      const plan = planEvenChunks(size, 8 * MiB);
      expect(plan.totalChunkCount).toBe(Math.floor(size / plan.chunkSize));
      expect(plan.chunks.at(-1)!.end).toBe(size - 1);
      expect(longestChunk(plan) - plan.chunkSize).toBeLessThan(plan.totalChunkCount);
      expect(plan.totalChunkCount).toBeLessThanOrEqual(CHUNK_RULES.maxChunks);
      if (plan.totalChunkCount > 1) {
        expect(plan.chunkSize).toBeGreaterThanOrEqual(CHUNK_RULES.minChunk);
        expect(plan.chunkSize).toBeLessThanOrEqual(64_000_000);
      }
    }
  });

  it('planOf rebuilds the plan TikTok was given, and refuses one that does not fit', () => {
    const plan = planChunks(24 * MiB + 5);
    expect(planOf(plan.videoSize, plan.chunkSize, plan.totalChunkCount)).toEqual(plan);
    expect(() => planOf(24 * MiB, 10 * MiB, 3)).toThrow(/does not fit/);
  });
});
