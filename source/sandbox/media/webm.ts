import type { LocalFile } from './file.js';
import type { Probe } from './probe.js';

/**
 * The sandbox's own WebM reader: walks the EBML tree of the whole (spooled) file the way a
 * demuxer would, counting the video track's frames, so that duration and average frame rate come
 * from the blocks themselves when Info has no Duration.
 */

const ID = {
  ebml: 0x1a45dfa3,
  docType: 0x4282,
  segment: 0x18538067,
  info: 0x1549a966,
  timecodeScale: 0x2ad7b1,
  duration: 0x4489,
  tracks: 0x1654ae6b,
  trackEntry: 0xae,
  trackNumber: 0xd7,
  trackType: 0x83,
  codecId: 0x86,
  video: 0xe0,
  pixelWidth: 0xb0,
  pixelHeight: 0xba,
  cluster: 0x1f43b675,
  timecode: 0xe7,
  simpleBlock: 0xa3,
  blockGroup: 0xa0,
  block: 0xa1,
};
/** WebM's video codecs, by Matroska CodecID. */
export const WEBM_CODECS: Record<string, string> = { V_VP8: 'VP8', V_VP9: 'VP9' };
/** Level-1 elements: where an unknown-size Cluster ends. */
const TOP_LEVEL = new Set([
  ID.cluster,
  ID.info,
  ID.tracks,
  0x1c53bb6b,
  0x1254c367,
  0x1941a469,
  0x1043a770,
  0x114d9b74,
]);

interface Header {
  id: number;
  /** Payload start and end; an unknown size runs to the end of the parent. */
  start: number;
  end: number;
  unknown: boolean;
  /** The declared end lies past the end of the file. */
  cut: boolean;
}

class Walker {
  constructor(private readonly file: LocalFile) {}

  /** The element header at `at`, or undefined when the bytes are not one. */
  async header(at: number, parentEnd: number): Promise<Header | undefined> {
    const b = await this.file.read(at, 12);
    const idLen = b[0] ? Math.clz32(b[0]) - 23 : 0;
    if (idLen < 1 || idLen > 4 || b.length < idLen + 1) return undefined;
    const id = b.readUIntBE(0, idLen);
    const first = b[idLen]!;
    const sizeLen = first ? Math.clz32(first) - 23 : 0;
    if (sizeLen < 1 || sizeLen > 8 || b.length < idLen + sizeLen) return undefined;
    let size = first & (0xff >> sizeLen);
    let ones = size === 0xff >> sizeLen;
    for (let i = 1; i < sizeLen; i++) {
      size = size * 256 + b[idLen + i]!;
      ones &&= b[idLen + i] === 0xff;
    }
    const start = at + idLen + sizeLen;
    const declared = ones ? parentEnd : start + size;
    return { id, start, end: Math.min(declared, parentEnd), unknown: ones, cut: declared > this.file.size };
  }

  async uint(h: Header): Promise<number> {
    const b = await this.file.read(h.start, h.end - h.start);
    return b.length ? b.readUIntBE(0, Math.min(6, b.length)) : 0;
  }

  async float(h: Header): Promise<number> {
    const b = await this.file.read(h.start, h.end - h.start);
    return b.length === 4 ? b.readFloatBE(0) : b.length === 8 ? b.readDoubleBE(0) : 0;
  }

  async text(h: Header): Promise<string> {
    return (await this.file.read(h.start, h.end - h.start)).toString('latin1').replace(/\0+$/, '');
  }

  /** Children of [start, end), stopping at the first bytes that are not an element. */
  async *children(start: number, end: number): AsyncGenerator<Header> {
    for (let at = start; at < end; ) {
      const h = await this.header(at, end);
      if (!h) return;
      yield h;
      if (h.unknown) return;
      at = h.end;
    }
  }
}

type Track = { number: number; codec: string; width: number; height: number };

/** The first video TrackEntry of Tracks. */
async function videoTrack(w: Walker, tracks: Header): Promise<Track | undefined> {
  for await (const entry of w.children(tracks.start, tracks.end)) {
    if (entry.id !== ID.trackEntry) continue;
    const t = { number: 0, type: 0, codec: '', width: 0, height: 0 };
    for await (const h of w.children(entry.start, entry.end)) {
      if (h.id === ID.trackNumber) t.number = await w.uint(h);
      if (h.id === ID.trackType) t.type = await w.uint(h);
      if (h.id === ID.codecId) t.codec = await w.text(h);
      if (h.id === ID.video) {
        for await (const v of w.children(h.start, h.end)) {
          if (v.id === ID.pixelWidth) t.width = await w.uint(v);
          if (v.id === ID.pixelHeight) t.height = await w.uint(v);
        }
      }
    }
    if (t.type === 1) return t;
  }
  return undefined;
}

/**
 * Counts the blocks of track `number` in one Cluster; returns where the cluster ends (an unknown-size
 * one ends where a top-level element starts), or undefined when a block is cut off.
 */
async function walkCluster(
  w: Walker,
  file: LocalFile,
  cluster: Header,
  number: number,
  count: { frames: number; first: number; last: number },
): Promise<number | undefined> {
  let base = 0;
  let at = cluster.start;
  while (at < cluster.end) {
    const h = await w.header(at, cluster.end);
    if (!h || (cluster.unknown && TOP_LEVEL.has(h.id))) return at;
    if (h.cut) return undefined;
    if (h.id === ID.timecode) base = await w.uint(h);
    let block: Header | undefined = h.id === ID.simpleBlock ? h : undefined;
    if (h.id === ID.blockGroup) {
      for await (const c of w.children(h.start, h.end)) if (c.id === ID.block) block = c;
    }
    if (block) {
      const b = await file.read(block.start, 8);
      const len = b[0] ? Math.clz32(b[0]) - 23 : 0;
      if (len >= 1 && b.length >= len + 2) {
        const marker = (0x80 >> (len - 1)) * 2 ** (8 * (len - 1));
        if (b.readUIntBE(0, len) - marker === number) {
          const ticks = base + b.readInt16BE(len);
          count.frames++;
          count.first = Math.min(count.first, ticks);
          count.last = Math.max(count.last, ticks);
        }
      }
    }
    if (h.unknown) return cluster.end;
    at = h.end;
  }
  return cluster.end;
}

function broken(why: string): Probe {
  return { fail: 'file_format_check_failed', why };
}

export async function probeWebm(file: LocalFile): Promise<Probe> {
  const w = new Walker(file);
  const ebml = await w.header(0, file.size);
  if (!ebml || ebml.id !== ID.ebml || ebml.cut) return broken('no EBML header');
  let docType = '';
  for await (const h of w.children(ebml.start, ebml.end)) if (h.id === ID.docType) docType = await w.text(h);
  if (docType !== 'webm') return broken(`DocType ${docType || 'missing'}, not webm`);
  const segment = await w.header(ebml.end, file.size);
  if (!segment || segment.id !== ID.segment) return broken('no Segment');
  if (segment.cut) return broken('truncated: the Segment runs past the end of the file');
  let scale = 1_000_000;
  let infoTicks: number | undefined;
  let video: Track | undefined;
  const count = { frames: 0, first: Number.POSITIVE_INFINITY, last: Number.NEGATIVE_INFINITY };
  for (let at = segment.start; at < segment.end; ) {
    const top = await w.header(at, segment.end);
    if (!top) break;
    if (top.cut) return broken('truncated: an element runs past the end of the file');
    if (top.id === ID.info) {
      for await (const h of w.children(top.start, top.end)) {
        if (h.id === ID.timecodeScale) scale = (await w.uint(h)) || scale;
        if (h.id === ID.duration) infoTicks = await w.float(h);
      }
    } else if (top.id === ID.tracks) {
      video = await videoTrack(w, top);
    } else if (top.id === ID.cluster) {
      const end = await walkCluster(w, file, top, video?.number ?? -1, count);
      if (end === undefined) return broken('truncated: a block runs past the end of the file');
      at = end;
      continue;
    }
    if (top.unknown) break;
    at = top.end;
  }
  if (!video) return broken('no video track');
  const { frames, first, last } = count;
  if (frames === 0) return broken('no video frames');
  const spanSec = ((last - first) * scale) / 1e9;
  const frameSec = frames > 1 ? spanSec / (frames - 1) : 0;
  const durationSec = infoTicks ? (infoTicks * scale) / 1e9 : spanSec + frameSec;
  return {
    container: 'webm',
    codec: WEBM_CODECS[video.codec] ?? video.codec,
    width: video.width,
    height: video.height,
    fps: durationSec > 0 ? frames / durationSec : 0,
    durationSec,
  };
}
