import { readdirSync } from 'node:fs';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { openVideo } from '../../source/media/open-video.js';
import { UsageError } from '../../source/shared/errors.js';
import { createHttp } from '../../source/shared/http.js';

const servers: ReturnType<typeof createServer>[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});

async function serve(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v.mp4`;
}

const spools = () => readdirSync(tmpdir()).filter((n) => n.startsWith('agoras-') && !n.includes('-test'));

describe('video URLs that must be refused', () => {
  it('over 4 GB by Content-Length: refused, and the open download does not keep the client alive', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(5 * 1024 ** 3) });
      res.write(Buffer.alloc(64 * 1024)); // then nothing more: a client that waits would hang
    });
    const http = createHttp({ timeoutMs: 60_000 });
    await expect(openVideo(url, http.media)).rejects.toThrow(/TikTok accepts videos up to 4 GB/);
    await http.close(); // would never resolve while the response stayed open
  });

  it('without a length and not a video: refused naming the URL, and the temp spool is removed', async () => {
    const before = new Set(spools());
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }); // chunked: no Content-Length
      res.end('<!doctype html><html><body>not a video</body></html>');
    });
    const http = createHttp();
    const error = await openVideo(url, http.media).catch((e) => e);
    await http.close();
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(`${url} is an HTML page, not an MP4, MOV or WebM video.`);
    expect(spools().filter((n) => !before.has(n))).toEqual([]);
  });
});
