import { formatBytes } from './format.js';
import { analyze } from './mediainfo.js';
import { mediainfoFacts } from './mediainfo-facts.js';
import { mp4Facts } from './mp4.js';
import {
  LIMITS,
  type MediaRefusal,
  type RangeReader,
  RefusalError,
  refusal,
  type VideoFacts,
  type VideoInspectOptions,
} from './types.js';
import { checkDuration, checkPicture, type Found, NEED, round3 } from './video-rules.js';
import { webmDurationFromTail } from './webm-tail.js';

/** MediaInfoLib reads a Matroska file's clusters on and on (megabytes, more with the bitrate) for
 * facts the header already holds: it gets this much of the head, and finishes with that. */
const EBML_HEAD_BYTES = 1024 * 1024;
/** Top-level box types an MP4/MOV can open with (classic QuickTime files have no ftyp). */
const MP4_OPENINGS = new Set(['ftyp', 'moov', 'mdat', 'wide', 'free', 'skip', 'pnot']);

/** MP4 and MOV go to mp4box.js; WebM, and anything else (to be named in the refusal), to MediaInfoLib. */
async function read(reader: RangeReader, size: number, signal?: AbortSignal): Promise<Found | MediaRefusal> {
  const head = await reader.read(0, 8, signal);
  const text = new TextDecoder('latin1').decode(head.subarray(4, 8));
  if (head.length === 8 && MP4_OPENINGS.has(text)) return mp4Facts(reader, size, signal);
  const ebml = head.length >= 4 && new DataView(head.buffer, head.byteOffset, 4).getUint32(0) === 0x1a45dfa3;
  const result = await analyze(size, (offset, length) =>
    ebml && offset >= EBML_HEAD_BYTES
      ? Promise.resolve(new Uint8Array(0))
      : reader.read(offset, length, signal),
  );
  signal?.throwIfAborted();
  const found = mediainfoFacts(result, size);
  if ('ok' in found || found.container !== 'WebM' || found.durationSec !== undefined || !found.fps)
    return found;
  return { ...found, durationSec: await webmDurationFromTail(reader, size, 1 / found.fps, signal) };
}

/**
 * What TikTok will check of this video, answered before anything is sent: facts, or why it would
 * fail. Reads only what the container's index needs (for a URL: Range requests), never the media.
 */
export async function inspectVideo(
  reader: RangeReader,
  options: VideoInspectOptions,
): Promise<VideoFacts | MediaRefusal> {
  const { signal } = options;
  try {
    const size = await reader.size(signal);
    if (size === 0) return refusal('container', 'an empty file', NEED.container);
    if (size > LIMITS.maxVideoBytes) return refusal('size', formatBytes(size), 'a video of at most 4 GB');
    const found = await read(reader, size, signal);
    signal?.throwIfAborted();
    if ('ok' in found) return found;
    const bad = checkPicture(found) ?? checkDuration(found.durationSec, options.maxDurationSec);
    if (bad) return bad;
    const { container, codec, width, height } = found;
    return {
      ok: true,
      kind: 'video',
      container,
      codec,
      width,
      height,
      fps: round3(found.fps!),
      durationSec: round3(found.durationSec!),
      sizeBytes: size,
      bytesRead: reader.bytesRead,
    };
  } catch (error) {
    if (error instanceof RefusalError) return error.refusal;
    throw error;
  }
}
