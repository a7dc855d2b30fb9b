// Deterministic fake MP4s of any size, written a block at a time (never the whole file in memory),
// and the chunk plan our CLI uses. Same bytes as test/sandbox/helpers.ts makeVideoBytes.
import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';

export const MiB = 1024 * 1024;

// The head of every fake video, as in the test helper: a real faststart 3 s MP4 (H.264, 360x640,
// 24 fps) whose mdat is stretched to the fake's size, so the media preflight and the sandbox accept it.
const REAL_HEAD = readFileSync(new URL('../../test/fixtures/media/dur-3s.mp4', import.meta.url));
const MDAT_AT = (() => {
  let at = 0;
  while (REAL_HEAD.toString('latin1', at + 4, at + 8) !== 'mdat') at += REAL_HEAD.readUInt32BE(at);
  return at;
})();
const HEADER_LENGTH = REAL_HEAD.length;
const PERIOD = 65_521;
const PATTERN = (() => {
  const out = Buffer.alloc(PERIOD);
  let x = 0x2545f491;
  for (let i = 0; i < out.length; i++) {
    x = (Math.imul(x, 1_103_515_245) + 12_345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
})();
/** A block that is a whole number of pattern periods, so the same block repeats at any offset. */
const BLOCK_PERIODS = 128; // 8,386,688 bytes

function header(size) {
  const head = Buffer.from(REAL_HEAD);
  head.writeUInt32BE(Math.max(0, size - MDAT_AT), MDAT_AT);
  return head;
}

/** BLOCK_PERIODS periods of the pattern starting at pattern index `phase`. */
function block(phase) {
  const out = Buffer.alloc(PERIOD * BLOCK_PERIODS);
  for (let at = 0; at < out.length; ) {
    const offset = (phase + at) % PERIOD;
    const n = Math.min(PERIOD - offset, out.length - at);
    PATTERN.copy(out, at, offset, offset + n);
    at += n;
  }
  return out;
}

/** Writes bytes [start, end) of the fake video of `size` bytes to `path`. */
export async function writeVideoRange(path, size, start = 0, end = size) {
  const handle = await open(path, 'w', 0o600);
  try {
    let at = start;
    if (at < HEADER_LENGTH) {
      const head = header(size).subarray(at, Math.min(end, HEADER_LENGTH));
      await handle.write(head, 0, head.length);
      at += head.length;
    }
    if (at < end) {
      const buf = block(at % PERIOD);
      while (at < end) {
        const n = Math.min(buf.length, end - at);
        let done = 0;
        while (done < n) done += (await handle.write(buf, done, n - done)).bytesWritten;
        at += n;
      }
    }
  } finally {
    await handle.close();
  }
}

/** source/tiktok/chunk-plan.ts planChunks with its defaults (10 MiB preferred, 5–64 MB, ≤ 1000 chunks). */
export function planChunks(videoSize, preferred = 10 * MiB) {
  let chunkSize = Math.min(Math.max(preferred, 5e6), 64e6);
  if (videoSize < 5e6 || videoSize <= chunkSize) chunkSize = videoSize;
  while (Math.floor(videoSize / chunkSize) > 1000) chunkSize += MiB;
  const totalChunkCount = Math.floor(videoSize / chunkSize);
  const chunks = Array.from({ length: totalChunkCount }, (_, index) => ({
    index,
    start: index * chunkSize,
    end: index === totalChunkCount - 1 ? videoSize - 1 : (index + 1) * chunkSize - 1,
  }));
  return { videoSize, chunkSize, totalChunkCount, chunks };
}
