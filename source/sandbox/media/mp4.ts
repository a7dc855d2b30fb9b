import { createFile, Log, MP4BoxBuffer } from 'mp4box';
import type { LocalFile } from './file.js';
import type { Probe } from './rules.js';

/** Sample entries of the codecs TikTok takes, by their ISO BMFF four-character codes. */
export const MP4_CODECS: Record<string, string> = {
  avc1: 'H.264',
  avc3: 'H.264',
  hvc1: 'H.265',
  hev1: 'H.265',
  vp08: 'VP8',
  vp09: 'VP9',
};
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
const READ = 256 * 1024;

function broken(why: string): Probe {
  return { fail: 'file_format_check_failed', why };
}

/**
 * An MP4/MOV the way the sandbox sees it, read with GPAC's mp4box.js: the whole file is at hand
 * (spooled), so every fragment is parsed; mdat payloads are skipped, never read.
 */
export async function probeMp4(file: LocalFile): Promise<Probe> {
  Log.setLogLevel(Log.error);
  const iso = createFile();
  let failed: string | undefined;
  let ready = false;
  iso.onError = (_module, message) => {
    failed = message;
  };
  iso.onReady = () => {
    ready = true;
  };
  let at = 0;
  while (at < file.size && failed === undefined) {
    const bytes = await file.read(at, READ);
    const copy = new Uint8Array(bytes).buffer;
    let next = iso.appendBuffer(MP4BoxBuffer.fromArrayBuffer(copy, at), at + bytes.length >= file.size);
    if (ready && !iso.getInfo().isFragmented) break;
    // A streaming parser: once the moov is in, it wants each mdat whole. Jump over it instead.
    if (iso.parsingMdat) next = (iso.parsingMdat.start ?? at) + iso.parsingMdat.size;
    if (!(next > at)) break;
    at = next;
  }
  iso.flush();
  if (failed !== undefined) return broken(`mp4box: ${failed}`);
  const brand = iso.ftyp?.major_brand;
  if (brand && STILL_BRANDS.has(brand)) return broken(`a still image (brand ${brand})`);
  const info = iso.getInfo();
  if (!info.hasMoov) return broken('no moov box');
  const track = info.tracks.find((t) => iso.getTrackById(t.id)?.mdia?.hdlr?.handler === 'vide');
  if (!track) return broken('no video track');
  const trak = iso.getTrackById(track.id);
  const entry = trak.mdia.minf.stbl.stsd.entries[0]?.type ?? '';
  let end = 0;
  for (const sample of trak.samples ?? []) end = Math.max(end, sample.offset + sample.size);
  if (end > file.size) return broken(`samples up to byte ${end} of ${file.size}: truncated`);
  const mediaSec = track.samples_duration / track.timescale;
  const durationSec = info.duration
    ? info.duration / info.timescale
    : mediaSec || (info.fragment_duration ? info.fragment_duration.num / info.fragment_duration.den : 0);
  // Rotation by a quarter turn: the matrix's a and d are zero. tkhd's size is the display size.
  const m = track.matrix;
  const quarter = m[0] === 0 && m[4] === 0;
  const w = track.track_width || track.video?.width || 0;
  const h = track.track_height || track.video?.height || 0;
  return {
    container: 'mp4',
    codec: MP4_CODECS[entry] ?? entry,
    width: quarter ? h : w,
    height: quarter ? w : h,
    fps: mediaSec > 0 ? track.nb_samples / mediaSec : 0,
    durationSec,
  };
}
