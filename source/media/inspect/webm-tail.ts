import type { RangeReader } from './types.js';

/**
 * The length of a WebM that has no Duration in its Info (live recordings, browsers' MediaRecorder):
 * MediaInfoLib leaves it empty, so it is read here from the last Cluster's Timecode and the last
 * block in it. Reads the head (for TimecodeScale) and the tail, nothing in between.
 */

const ID = {
  segment: 0x18538067,
  info: 0x1549a966,
  timecodeScale: 0x2ad7b1,
  cluster: 0x1f43b675,
  timecode: 0xe7,
  simpleBlock: 0xa3,
  blockGroup: 0xa0,
  block: 0xa1,
};
/** Top-level elements: an unknown-size Cluster ends where one of these starts. */
const TOP_LEVEL = new Set([
  ID.cluster,
  0x1c53bb6b,
  0x1254c367,
  0x1941a469,
  0x1043a770,
  0x114d9b74,
  ID.info,
  0x1654ae6b,
]);

interface Vint {
  value: number;
  length: number;
  unknown: boolean;
}

/** An element ID (marker bits kept) or size (marker stripped) at `at`, or undefined past the end. */
function vint(b: Uint8Array, at: number, keepMarker: boolean): Vint | undefined {
  const first = b[at];
  if (first === undefined || first === 0) return undefined;
  const length = Math.clz32(first) - 23;
  if (at + length > b.length || length > 8) return undefined;
  let value = keepMarker ? first : first & (0xff >> length);
  let ones = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    value = value * 256 + b[at + i]!;
    ones &&= b[at + i] === 0xff;
  }
  return { value, length, unknown: !keepMarker && ones };
}

interface Element {
  id: number;
  /** Where the payload starts and ends (end clipped to the buffer; unknown sizes run to it). */
  start: number;
  end: number;
  unknown: boolean;
}

function element(b: Uint8Array, at: number, limit = b.length): Element | undefined {
  const id = vint(b, at, true);
  if (!id) return undefined;
  const size = vint(b, at + id.length, false);
  if (!size) return undefined;
  const start = at + id.length + size.length;
  const end = size.unknown ? limit : Math.min(limit, start + size.value);
  return { id: id.value, start, end, unknown: size.unknown };
}

function uint(b: Uint8Array, start: number, end: number): number {
  let v = 0;
  for (let i = start; i < end; i++) v = v * 256 + b[i]!;
  return v;
}

/** TimecodeScale (ns per tick) from Segment/Info in the head; 1 ms when absent. */
export function timecodeScale(head: Uint8Array): number {
  let at = 0;
  const ebml = element(head, at);
  if (!ebml) return 1_000_000;
  at = ebml.end;
  const segment = element(head, at);
  if (!segment || segment.id !== ID.segment) return 1_000_000;
  for (let el = element(head, segment.start); el; el = element(head, el.end)) {
    if (el.id === ID.info) {
      for (let child = element(head, el.start, el.end); child; child = element(head, child.end, el.end)) {
        if (child.id === ID.timecodeScale) return uint(head, child.start, child.end) || 1_000_000;
        if (child.end >= el.end) break;
      }
      return 1_000_000;
    }
    if (el.id === ID.cluster || el.unknown) break;
  }
  return 1_000_000;
}

/** The largest block time (in ticks) of the Cluster starting at `at`, or undefined if it is not one. */
function lastBlockTicks(b: Uint8Array, at: number): number | undefined {
  const cluster = element(b, at);
  if (!cluster || cluster.id !== ID.cluster) return undefined;
  const tc = element(b, cluster.start, cluster.end);
  if (!tc || tc.id !== ID.timecode || tc.end - tc.start > 8) return undefined;
  const base = uint(b, tc.start, tc.end);
  let last = base;
  for (let el = element(b, tc.end, cluster.end); el; el = element(b, el.end, cluster.end)) {
    if (cluster.unknown && TOP_LEVEL.has(el.id)) break;
    let block: Element | undefined = el.id === ID.simpleBlock ? el : undefined;
    if (el.id === ID.blockGroup) {
      for (let c = element(b, el.start, el.end); c && !block; c = element(b, c.end, el.end)) {
        if (c.id === ID.block) block = c;
      }
    }
    if (block) {
      const track = vint(b, block.start, false);
      if (track && block.start + track.length + 2 <= b.length) {
        const view = new DataView(b.buffer, b.byteOffset + block.start + track.length, 2);
        last = Math.max(last, base + view.getInt16(0));
      }
    }
    if (el.end >= cluster.end) break;
  }
  return last;
}

/** Seconds from the start to the end of the last frame, or undefined when no cluster is found. */
export async function webmDurationFromTail(
  reader: RangeReader,
  size: number,
  frameSec: number,
  signal?: AbortSignal,
): Promise<number | undefined> {
  const scale = timecodeScale(await reader.read(0, Math.min(size, 64 * 1024), signal));
  for (let window = 256 * 1024; ; window *= 4) {
    const from = Math.max(0, size - window);
    const tail = await reader.read(from, size - from, signal);
    // The last Cluster: its ID, then a Timecode right after. Searched from the end backwards.
    for (let at = tail.length - 4; at >= 0; at--) {
      if (tail[at] !== 0x1f || tail[at + 1] !== 0x43 || tail[at + 2] !== 0xb6 || tail[at + 3] !== 0x75)
        continue;
      const ticks = lastBlockTicks(tail, at);
      if (ticks !== undefined) return (ticks * scale) / 1e9 + frameSec;
    }
    if (from === 0 || window >= 16 * 1024 * 1024) return undefined;
  }
}
