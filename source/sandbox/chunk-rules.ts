/** 1 "MB" in TikTok's Media Transfer Guide is a MiB. */
export const MIB = 1024 * 1024;
export const MIN_CHUNK = 5 * MIB;
export const MAX_CHUNK = 64 * MIB;
export const MAX_LAST_CHUNK = 128 * MIB;
export const MAX_VIDEO_SIZE = 4 * 1024 * MIB;
export const MAX_CHUNK_COUNT = 1000;

/** Why a FILE_UPLOAD chunk plan breaks TikTok's rules, or undefined when it is valid. */
export function chunkPlanError(videoSize: number, chunkSize: number, count: number): string | undefined {
  if (videoSize < 1) return 'video_size must be at least 1 byte.';
  if (chunkSize < 1) return 'chunk_size must be positive.';
  if (videoSize < MIN_CHUNK) {
    // Small files cannot be split: 5 MB is the smallest chunk.
    if (chunkSize !== videoSize)
      return 'A video under 5 MB must be sent whole: chunk_size must equal video_size.';
    if (count !== 1) return 'A video under 5 MB must have total_chunk_count 1.';
    return undefined;
  }
  if (chunkSize === videoSize) {
    if (videoSize > MAX_CHUNK) return 'A video over 64 MB must be sent in chunks.';
  } else if (chunkSize < MIN_CHUNK || chunkSize > MAX_CHUNK) {
    return 'chunk_size must be between 5 MB and 64 MB.';
  }
  // Count and last-chunk limits are checked before the floor rule so the message names the real problem
  // (with the floor rule and 5-64 MB chunks they follow from it, but a client that miscounts gets told why).
  if (count < 1 || count > MAX_CHUNK_COUNT) return 'total_chunk_count must be between 1 and 1000.';
  const last = videoSize - (count - 1) * chunkSize;
  if (last > MAX_LAST_CHUNK) return 'The last chunk would exceed 128 MB.';
  const expected = Math.floor(videoSize / chunkSize);
  if (count !== expected) return `total_chunk_count must be floor(video_size / chunk_size) = ${expected}.`;
  if (videoSize > MAX_VIDEO_SIZE) return 'video_size must be at most 4 GB.';
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
