// A tiny static file server for the bench, run as its own process so its CPU time and memory are
// never counted as ours: `node file-server.mjs DIR` serves DIR's files on 127.0.0.1 (any port) with
// Content-Length, Content-Type and single byte ranges, and prints {"baseUrl": …} as one line.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { basename, join } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: node file-server.mjs DIR\n');
  process.exit(2);
}
const TYPES = { mp4: 'video/mp4', xml: 'application/rss+xml; charset=utf-8' };

const server = createServer((req, res) => {
  const name = basename(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
  let size;
  try {
    const info = statSync(join(dir, name));
    if (!info.isFile()) throw new Error('not a file');
    size = info.size;
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  const headers = {
    'content-type': TYPES[name.split('.').pop()] ?? 'application/octet-stream',
    'accept-ranges': 'bytes',
  };
  let start = 0;
  let end = size - 1;
  let status = 200;
  const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
  if (range) {
    start = Number(range[1]);
    end = range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (start > end) {
      res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
      return;
    }
    status = 206;
    headers['content-range'] = `bytes ${start}-${end}/${size}`;
  }
  headers['content-length'] = String(end - start + 1);
  res.writeHead(status, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(join(dir, name), { start, end, highWaterMark: 1024 * 1024 });
  stream.on('error', () => res.destroy());
  stream.pipe(res);
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ baseUrl: `http://127.0.0.1:${server.address().port}` })}\n`);
});
const stop = () => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// The bench closes our stdin when it is done (or dies): never outlive it.
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
