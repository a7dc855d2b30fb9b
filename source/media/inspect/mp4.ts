import type { ISOFile, Movie, Track } from 'mp4box';
import type { MediaRefusal } from './types.js';
import { type RangeReader, refusal, STILL_BRANDS } from './types.js';
import type { Found } from './video-rules.js';

/** ISO BMFF sample entries → the names people know. */
const CODECS: Record<string, string> = {
  avc1: 'H.264',
  avc3: 'H.264',
  hvc1: 'H.265',
  hev1: 'H.265',
  vp08: 'VP8',
  vp09: 'VP9',
  av01: 'AV1',
  mp4v: 'MPEG-4 Part 2',
  apco: 'ProRes',
  apcs: 'ProRes',
  apcn: 'ProRes',
  apch: 'ProRes',
  ap4h: 'ProRes',
  ap4x: 'ProRes',
  jpeg: 'Motion JPEG',
  mjpa: 'Motion JPEG',
  encv: 'encrypted video',
};

/**
 * An MP4/MOV read with GPAC's mp4box.js, fed only what it asks for: the boxes before the moov are
 * stepped over by their headers (a far moov costs two small reads), mdat payloads are never read,
 * and a fragmented file's moofs are read one by one for its real duration.
 */
export async function mp4Facts(
  reader: RangeReader,
  size: number,
  signal?: AbortSignal,
): Promise<Found | MediaRefusal> {
  const { createFile, Log, MP4BoxBuffer } = await import('mp4box');
  Log.setLogLevel(Log.error);
  const iso: ISOFile = createFile();
  let error: string | undefined;
  let info: Movie | undefined;
  iso.onError = (_module, message) => {
    error = message;
  };
  iso.onReady = (movie) => {
    info = movie;
  };
  let at = 0;
  while (at < size && error === undefined) {
    const bytes = await reader.read(at, 16 * 1024, signal);
    if (bytes.length === 0) break;
    const copy = new Uint8Array(bytes).buffer;
    let next = iso.appendBuffer(MP4BoxBuffer.fromArrayBuffer(copy, at), at + bytes.length >= size);
    if (info && !info.isFragmented) break;
    // Once the moov is in, a streaming parser wants each mdat whole: jump over it instead.
    if (iso.parsingMdat) next = (iso.parsingMdat.start ?? at) + iso.parsingMdat.size;
    if (!(next > at)) break;
    at = next;
  }
  iso.flush();
  const need = 'an MP4, MOV or WebM video';
  const brand = iso.ftyp?.major_brand;
  if (brand && STILL_BRANDS.has(brand)) {
    const kind = brand.startsWith('av') ? 'AVIF' : 'HEIF';
    return refusal('container', `${kind} still image, not a video (brand ${brand})`, need);
  }
  const movie = iso.getInfo();
  if (!movie.hasMoov) {
    return error === undefined
      ? refusal('truncated', 'truncated: no moov box (the index of the video)', 'the whole file')
      : refusal('container', `not a readable MP4 (${error})`, need);
  }
  const tracks = movie.tracks.filter((t) => iso.getTrackById(t.id)?.mdia?.hdlr?.handler === 'vide');
  const track: Track | undefined = tracks[0];
  if (!track) {
    const audio = movie.tracks.some((t) => iso.getTrackById(t.id)?.mdia?.hdlr?.handler === 'soun');
    return refusal('no-video', audio ? 'audio only, no video track' : 'no video track', 'a video track');
  }
  const trak = iso.getTrackById(track.id);
  let end = 0;
  for (const sample of trak.samples ?? []) end = Math.max(end, sample.offset + sample.size);
  if (end > size) {
    return refusal(
      'truncated',
      `truncated: its media runs to byte ${end} of a ${size}-byte file`,
      'the whole file',
    );
  }
  const entry = trak.mdia.minf.stbl.stsd.entries[0]?.type ?? '';
  const mediaSec = track.timescale ? track.samples_duration / track.timescale : 0;
  const fragments = movie.fragment_duration ? movie.fragment_duration.num / movie.fragment_duration.den : 0;
  // A quarter turn in tkhd's matrix (a = d = 0) swaps what is shown; tkhd holds the display size.
  const quarter = track.matrix[0] === 0 && track.matrix[4] === 0;
  const w = track.track_width || track.video?.width || 0;
  const h = track.track_height || track.video?.height || 0;
  return {
    container: brand === 'qt  ' || !iso.ftyp ? 'MOV' : 'MP4',
    codec: CODECS[entry] ?? (entry || 'an unknown codec'),
    width: quarter ? h : w,
    height: quarter ? w : h,
    rotated: quarter,
    fps: mediaSec > 0 ? track.nb_samples / mediaSec : undefined,
    durationSec: movie.duration ? movie.duration / movie.timescale : mediaSec || fragments || undefined,
  };
}
