import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Gc = (options?: { type?: 'minor' | 'major' }) => void;
let gc: Gc | null | undefined;
let calls = 0;

/** Every this many collections is a full one (with COLLECT_EVERY in body-reader.ts: every 128 MiB). */
const FULL_EVERY = 64;

/**
 * Frees the socket buffers a download leaves behind. Node gives every socket read its own
 * ArrayBuffer (≤ 64 KiB); copied into a chunk buffer, each is garbage at once, but V8 collects only
 * when its JavaScript heap fills or external memory has grown by tens of MB, so a fast download piles
 * up 30–60 MB of dead buffers (measured: 55 MB of ArrayBuffers for 21 MB of chunks). A scavenge every
 * 2 MiB (about a millisecond: the young generation is nearly empty) frees most of them while young;
 * the few that lived through two scavenges (held for a moment in undici's body stream) are old and
 * leave with a full collection every 128 MiB (a few ms on our ~12 MB heap; one every 32 MiB cost
 * ~0.5 s of CPU per GiB for no memory gained).
 */
export function collectDownloadGarbage(): void {
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as Gc;
    } catch {
      gc = null; // no collector to call: memory is higher, nothing else changes
    }
  }
  calls++;
  // A bare gc() is a full, synchronous collection ({type: 'major'} may only start an incremental one).
  if (calls % FULL_EVERY === 0) gc?.();
  else gc?.({ type: 'minor' });
}
