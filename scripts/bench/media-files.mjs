// Big media files made at run time from the small committed ones, sparse on disk: every `mdat` box
// grows by `pad` zero bytes after its samples. Offsets stay valid: stco points before the padding
// (moov at start or end), fragments address their samples from their own moof (default-base-moof).
import { closeSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';

/** Copy `src` to `out` with each mdat `pad` bytes longer; returns `out`. */
export function padMdats(src, out, pad) {
  const b = readFileSync(src);
  const fd = openSync(out, 'w');
  let at = 0;
  let written = 0;
  try {
    while (at + 8 <= b.length) {
      let size = b.readUInt32BE(at);
      const large = size === 1;
      if (large) size = Number(b.readBigUInt64BE(at + 8));
      else if (size === 0) size = b.length - at;
      const box = Buffer.from(b.subarray(at, at + size));
      const grow = box.toString('latin1', 4, 8) === 'mdat' ? pad : 0;
      if (grow && large) box.writeBigUInt64BE(BigInt(size + grow), 8);
      else if (grow) {
        if (size + grow > 0xffffffff) throw new Error('padMdats: an mdat over 4 GiB needs a 64-bit size');
        box.writeUInt32BE(size + grow, 0);
      }
      writeSync(fd, box, 0, box.length, written);
      written += box.length + grow; // the hole stays sparse
      at += size;
    }
    ftruncateSync(fd, written);
  } finally {
    closeSync(fd);
  }
  return out;
}
