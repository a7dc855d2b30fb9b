// Feeds may come gzip- or brotli-compressed. The inflated bytes are what the size cap counts: the
// reader stops (and destroys this stream, which stops inflating) as soon as they pass it, so a
// small bomb is never inflated further than the cap and one zlib buffer.
import { pipeline, type Readable, type Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

const DECODERS: Record<string, () => Transform> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  br: createBrotliDecompress,
  deflate: createInflate,
};

/** The body as its server meant it: inflated by its Content-Encoding, or as it came. */
export function inflated(body: Readable, encoding: string | string[] | undefined): Readable {
  const name = String(encoding ?? '')
    .trim()
    .toLowerCase();
  const decoder = DECODERS[name];
  // No encoding, identity, or one we never asked for: read as it came (it is no feed then).
  if (!decoder) return body;
  const out = decoder();
  // Errors reach the reader through `out`; a corrupt body is reported there, not here.
  pipeline(body, out, () => {});
  return out;
}
