import {
  closeSync,
  createReadStream,
  ftruncateSync,
  openSync,
  readFileSync,
  statSync,
  writeSync,
} from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export const CORPUS = join(import.meta.dirname, '..', 'fixtures', 'media');

/** One row of test/fixtures/media/expected.json: a corpus file and the verdict TikTok's rules give it. */
export interface CorpusRow {
  file: string;
  kind: 'video' | 'image';
  what: string;
  verdict: 'accept' | 'refuse';
  /** For accepted files: what the preflight must report. */
  facts?: Record<string, string | number>;
  /** For refused files: the rule, and a word the refusal's `found` must contain. */
  rule?: string;
  found?: string;
  /** The creator maximum this row is checked against (default: none, the API's 600 s). */
  maxDurationSec?: number;
}

export const corpus: CorpusRow[] = JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8'));

/** A row's name in test titles: the file, and the maximum when it has one. */
export const title = (row: CorpusRow) =>
  `${row.file}${row.maxDurationSec !== undefined ? ` (max ${row.maxDurationSec} s)` : ''} → ${
    row.verdict === 'accept' ? 'accept' : `refuse ${row.rule}`
  }`;

/**
 * Copy `src` to `out` with every mdat box `pad` zero bytes longer, the hole left sparse on disk.
 * Sample offsets stay valid (they point before the padding; fragments address from their moof), so
 * a 33 kB moov-at-end file becomes a valid far-moov file of any size. Returns `out`.
 */
export function padMdats(src: string, out: string, pad: number): string {
  const b = readFileSync(src);
  const fd = openSync(out, 'w');
  try {
    let at = 0;
    let written = 0;
    while (at + 8 <= b.length) {
      let size = b.readUInt32BE(at);
      const large = size === 1;
      if (large) size = Number(b.readBigUInt64BE(at + 8));
      else if (size === 0) size = b.length - at;
      const box = Buffer.from(b.subarray(at, at + size));
      const grow = box.toString('latin1', 4, 8) === 'mdat' ? pad : 0;
      if (grow && large) box.writeBigUInt64BE(BigInt(size + grow), 8);
      else if (grow) box.writeUInt32BE(size + grow, 0);
      writeSync(fd, box, 0, box.length, written);
      written += box.length + grow;
      at += size;
    }
    ftruncateSync(fd, written);
  } finally {
    closeSync(fd);
  }
  return out;
}

export interface FileServer {
  url(name: string): string;
  /** Body bytes sent so far, and the requests seen. */
  sent: number;
  requests: { path: string; range?: string }[];
  close(): Promise<void>;
}

/**
 * Serves files from `dir` (or the absolute paths in `extra`) on 127.0.0.1:0, streamed from disk.
 * With `range: false` it ignores Range headers and always answers 200 with the whole file, as some
 * servers do.
 */
export async function serveDir(
  dir: string,
  options: { range?: boolean; extra?: Record<string, string> } = {},
) {
  const state: FileServer = { url: () => '', sent: 0, requests: [], close: async () => {} };
  const server = createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.slice(1));
    state.requests.push({ path: name, ...(req.headers.range ? { range: req.headers.range } : {}) });
    const path = options.extra?.[name] ?? join(dir, name);
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      res.writeHead(404).end('not found');
      return;
    }
    const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    let [start, end, status] = [0, size - 1, 200];
    const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
    if (m && options.range !== false) {
      start = Number(m[1]);
      end = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
      if (start >= size) {
        res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
        return;
      }
      status = 206;
      headers['content-range'] = `bytes ${start}-${end}/${size}`;
      headers['accept-ranges'] = 'bytes';
    }
    headers['content-length'] = String(end - start + 1);
    res.writeHead(status, headers);
    if (size === 0) {
      res.end();
      return;
    }
    const stream = createReadStream(path, { start, end });
    stream.on('data', (chunk) => {
      state.sent += chunk.length;
    });
    res.on('close', () => stream.destroy());
    stream.pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.url = (name) => `${base}/${encodeURIComponent(name)}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return state;
}
