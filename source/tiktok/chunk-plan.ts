const MiB = 1024 * 1024;

/** TikTok's Media Transfer Guide limits. */
export const CHUNK_RULES = {
  minChunk: 5 * MiB,
  maxChunk: 64 * MiB,
  maxLastChunk: 128 * MiB,
  maxChunks: 1000,
  maxFile: 4 * 1024 * MiB,
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
 * Plans chunks by TikTok's rules: under 5 MiB one chunk; otherwise chunks of `preferred`
 * (clamped to 5–64 MiB), count = floor(size / chunk), the last one taking the remainder.
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
