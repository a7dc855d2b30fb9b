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
