import { createRequire } from 'node:module';
import type { GeneralTrack, MediaInfo, VideoTrack } from 'mediainfo.js';
import type { LocalFile } from './file.js';
import type { Probe } from './probe.js';

/** MediaInfoLib's names of the codecs TikTok takes, in the names the verdict uses. */
export const MP4_CODECS: Record<string, string> = { AVC: 'H.264', HEVC: 'H.265', VP8: 'VP8', VP9: 'VP9' };
/** Major brands of still images and image sequences (HEIF, HEIC, AVIF): not videos. */
const STILL_BRANDS = new Set([
  'heic',
  'heix',
  'heim',
  'heis',
  'hevc',
  'hevx',
  'mif1',
  'msf1',
  'avif',
  'avis',
]);

let instance: Promise<MediaInfo<'object'>> | undefined;
let queue: Promise<unknown> = Promise.resolve();

/** The sandbox's own MediaInfoLib instance (wasm, compiled once per process, on first use). */
function mediainfo(): Promise<MediaInfo<'object'>> {
  // Through node_modules at run time, never bundled (a bundler would take the browser build).
  instance ??= Promise.resolve().then(() => {
    const req = createRequire(import.meta.url);
    const { default: factory } = req('mediainfo.js') as typeof import('mediainfo.js');
    const wasm = req.resolve('mediainfo.js/MediaInfoModule.wasm');
    return factory({ format: 'object', chunkSize: 256 * 1024, locateFile: () => wasm });
  });
  return instance;
}

function broken(why: string): Probe {
  return { fail: 'file_format_check_failed', why };
}

/**
 * An MP4/MOV the way the sandbox sees it, read with MediaInfoLib over the whole spooled file (the
 * client's preflight reads MP4 with mp4box.js: one reader's bug cannot pass both).
 */
export async function probeMp4(file: LocalFile): Promise<Probe> {
  const run = queue.then(async () => {
    const mi = await mediainfo();
    return mi.analyzeData(
      file.size,
      async (length, offset) => new Uint8Array(await file.read(offset, length)),
    );
  });
  queue = run.catch(() => {});
  const tracks = (await run).media?.track ?? [];
  const general = tracks.find((t): t is GeneralTrack => t['@type'] === 'General');
  const video = tracks.find((t): t is VideoTrack => t['@type'] === 'Video');
  const brand = String(general?.CodecID ?? '').trim();
  if (general?.Format !== 'MPEG-4') return broken(`MediaInfo: ${general?.Format ?? 'unknown'} format`);
  if (STILL_BRANDS.has(brand)) return broken(`a still image (brand ${brand})`);
  if (general.extra?.IsTruncated === 'Yes') return broken('truncated');
  if (!video) return broken(tracks.length > 1 ? 'no video track' : 'no moov box');
  const quarter = Math.abs(Number(video.Rotation ?? 0)) % 180 === 90;
  const [w, h] = [video.Width ?? 0, video.Height ?? 0];
  const seconds = general.Duration ?? video.Duration ?? 0;
  // The average over the track: its frames over its length.
  const fps = video.FrameCount && video.Duration ? video.FrameCount / video.Duration : (video.FrameRate ?? 0);
  return {
    container: 'mp4',
    codec: MP4_CODECS[video.Format ?? ''] ?? video.Format ?? '',
    width: quarter ? h : w,
    height: quarter ? w : h,
    fps,
    durationSec: seconds,
  };
}
