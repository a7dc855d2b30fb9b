import type { Readable } from 'node:stream';

const MiB = 1024 * 1024;
const MB = 1000 * 1000;

/**
 * TikTok's Media Transfer Guide limits. Its "5 MB / 64 MB / 128 MB / 4 GB" are read as decimal
 * units, as TikTok's own examples are (50,000,123 bytes in 10,000,000-byte chunks), and as the
 * sandbox enforces them: the strict reading at the top end.
 */
export const CHUNK_RULES = {
  minChunk: 5 * MB,
  maxChunk: 64 * MB,
  maxLastChunk: 128 * MB,
  maxChunks: 1000,
  maxFile: 4000 * MB,
} as const;

/** Our preferred chunk: small enough that two fit comfortably in memory, large enough for few requests. */
export const DEFAULT_CHUNK_SIZE = 10 * MiB;

export interface ChunkPlan {
  videoSize: number;
  chunkSize: number;
  totalChunkCount: number;
  /** Inclusive byte ranges, in order; the last takes the remainder. */
  chunks: { index: number; start: number; end: number }[];
}

/**
 * Plans chunks by TikTok's rules: under 5 MB one chunk; otherwise chunks of `preferred`
 * (clamped to 5–64 MB), count = floor(size / chunk), the last one taking the remainder.
 */
export function planChunks(videoSize: number, preferred = DEFAULT_CHUNK_SIZE): ChunkPlan {
  if (!Number.isSafeInteger(videoSize) || videoSize < 1) throw new RangeError('The video is empty.');
  if (videoSize > CHUNK_RULES.maxFile) throw new RangeError('The video is larger than TikTok’s 4 GB limit.');
  let chunkSize = Math.min(Math.max(preferred, CHUNK_RULES.minChunk), CHUNK_RULES.maxChunk);
  if (videoSize < CHUNK_RULES.minChunk || videoSize <= chunkSize) chunkSize = videoSize;
  // Keep within 1000 chunks for very large files by growing the chunk.
  while (Math.floor(videoSize / chunkSize) > CHUNK_RULES.maxChunks) chunkSize += MiB;
  const totalChunkCount = Math.floor(videoSize / chunkSize);
  const chunks = Array.from({ length: totalChunkCount }, (_, index) => ({
    index,
    start: index * chunkSize,
    end: index === totalChunkCount - 1 ? videoSize - 1 : (index + 1) * chunkSize - 1,
  }));
  return { videoSize, chunkSize, totalChunkCount, chunks };
}

/** The plan TikTok was given at init (size, chunk size, count), rebuilt to resume the same upload. */
export function planOf(videoSize: number, chunkSize: number, totalChunkCount: number): ChunkPlan {
  if (totalChunkCount < 1 || totalChunkCount !== Math.floor(videoSize / chunkSize))
    throw new RangeError('The saved chunk plan does not fit the video size.');
  const chunks = Array.from({ length: totalChunkCount }, (_, index) => ({
    index,
    start: index * chunkSize,
    end: index === totalChunkCount - 1 ? videoSize - 1 : (index + 1) * chunkSize - 1,
  }));
  return { videoSize, chunkSize, totalChunkCount, chunks };
}

/**
 * Chunks of (almost) equal length, sized from the file: the count nearest to size / `target`, and
 * chunk = floor(size / count), so the last chunk is at most count − 1 bytes longer than the others.
 * A source held in memory then needs two buffers of one chunk each, not of the up-to-twice-as-long
 * remainder chunk planChunks may leave.
 */
export function planEvenChunks(videoSize: number, target = DEFAULT_CHUNK_SIZE): ChunkPlan {
  const fallback = planChunks(videoSize, target);
  if (fallback.totalChunkCount === 1) return fallback;
  // 64 000 000 bytes: under the 64 MB ceiling whether TikTok means MB or MiB.
  const ceiling = Math.min(CHUNK_RULES.maxChunk, 64_000_000);
  let count = Math.max(1, Math.round(videoSize / target));
  while (Math.floor(videoSize / count) > ceiling) count++;
  while (count > 1 && Math.floor(videoSize / count) < CHUNK_RULES.minChunk) count--;
  const chunkSize = Math.floor(videoSize / count);
  if (count > CHUNK_RULES.maxChunks || Math.floor(videoSize / chunkSize) !== count) return fallback;
  return planOf(videoSize, chunkSize, count);
}

/** The longest chunk of a plan: what a buffer must hold. */
export function longestChunk(plan: ChunkPlan): number {
  return Math.max(...plan.chunks.map((c) => c.end - c.start + 1));
}

/** One chunk's bytes as a video source hands them to the upload: its length, and a way to read it. */
export interface ChunkBody {
  length: number;
  open(): Buffer | Readable | AsyncIterable<Buffer>;
}
