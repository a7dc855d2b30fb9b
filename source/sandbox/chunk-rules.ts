/**
 * How the sandbox reads the Media Transfer Guide's sizes: **decimal**, 1 MB = 1 000 000 bytes, 1 GB =
 * 1 000 000 000 bytes. TikTok's own examples are decimal (video_size 50 000 123 with chunk_size
 * 10 000 000 → 5 chunks), real clients that work against TikTok send whole files of up to 64 000 000 bytes
 * and split anything larger, and the decimal reading is the strict one at the top: a client that keeps
 * chunks ≤ 64 000 000, last chunks ≤ 128 000 000 and files ≤ 4 000 000 000 is within TikTok's limits
 * whichever unit TikTok means. (The one place where decimal is the lenient reading is the 5 MB floor: a
 * 5 000 000-byte chunk passes here.)
 */
export const MB = 1_000_000;
export const MIN_CHUNK = 5 * MB;
export const MAX_CHUNK = 64 * MB;
export const MAX_LAST_CHUNK = 128 * MB;
export const MAX_VIDEO_SIZE = 4_000 * MB;
export const MAX_CHUNK_COUNT = 1000;

/** Why a FILE_UPLOAD chunk plan breaks TikTok's rules, or undefined when it is valid. */
export function chunkPlanError(videoSize: number, chunkSize: number, count: number): string | undefined {
  if (videoSize < 1) return 'video_size must be at least 1 byte.';
  if (chunkSize < 1) return 'The chunk size is invalid: chunk_size must be positive.';
  if (videoSize < MIN_CHUNK) {
    // Small files cannot be split: 5 MB is the smallest chunk.
    if (chunkSize !== videoSize)
      return 'The chunk size is invalid: a video under 5 MB must be sent whole (chunk_size = video_size).';
    if (count !== 1) return 'The total chunk count is invalid: a video under 5 MB has total_chunk_count 1.';
    return undefined;
  }
  if (chunkSize === videoSize) {
    if (videoSize > MAX_CHUNK)
      return 'The chunk size is invalid: a video over 64 MB (64 000 000 bytes) must be sent in chunks.';
  } else if (chunkSize < MIN_CHUNK || chunkSize > MAX_CHUNK) {
    return 'The chunk size is invalid: chunk_size must be between 5 MB and 64 MB (5 000 000-64 000 000 bytes).';
  }
  // Count and last-chunk limits are checked before the floor rule so the message names the real problem
  // (with the floor rule and 5-64 MB chunks they follow from it, but a client that miscounts gets told why).
  if (count < 1 || count > MAX_CHUNK_COUNT)
    return 'The total chunk count is invalid: total_chunk_count must be between 1 and 1000.';
  const last = videoSize - (count - 1) * chunkSize;
  if (last > MAX_LAST_CHUNK)
    return 'The chunk size is invalid: the last chunk would exceed 128 MB (128 000 000 bytes).';
  const expected = Math.floor(videoSize / chunkSize);
  if (count !== expected)
    return `The total chunk count is invalid: total_chunk_count must be floor(video_size / chunk_size) = ${expected}.`;
  if (videoSize > MAX_VIDEO_SIZE) return 'video_size must be at most 4 GB (4 000 000 000 bytes).';
  return undefined;
}

/** The exact byte length TikTok expects for chunk `index` (the last one takes the remainder). */
export function plannedChunkLength(
  videoSize: number,
  chunkSize: number,
  count: number,
  index: number,
): number {
  return index < count - 1 ? chunkSize : videoSize - (count - 1) * chunkSize;
}
