import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NetworkError, UsageError } from '../../source/shared/errors.js';
import { fetchFeed } from '../../source/sources/feed-fetch.js';
import { parseFeed } from '../../source/sources/feed-parse.js';

const RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>';
let server: Server;
let base: string;
let hugeBytesWritten = 0;
let hugeClosed: Promise<void> = Promise.resolve();

function streamForever(res: ServerResponse): void {
  const chunk = Buffer.alloc(64 * 1024, 'a');
  hugeClosed = new Promise((resolve) => res.on('close', () => resolve()));
  const pump = () => {
    while (!res.destroyed && hugeBytesWritten < 50 * 1024 * 1024) {
      hugeBytesWritten += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    res.end();
  };
  res.writeHead(200, { 'content-type': 'application/rss+xml' });
  pump();
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const send = (status: number, type: string, body: string | Buffer) => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    switch (req.url) {
      case '/feed.xml':
        return send(200, 'application/rss+xml; charset=utf-8', RSS);
      case '/moved':
        res.writeHead(301, { location: '/feed.xml' });
        return res.end();
      case '/loop':
        res.writeHead(302, { location: '/loop' });
        return res.end();
      case '/page':
        return send(200, 'text/html; charset=utf-8', '<!doctype html><html><body>Blog</body></html>');
      case '/mislabelled':
        return send(200, 'text/html', RSS);
      case '/latin1':
        return send(
          200,
          'application/xml',
          Buffer.from(
            '<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><item><title>Caf\xe9</title></item></channel></rss>',
            'latin1',
          ),
        );
      case '/text':
        return send(200, 'text/plain', 'Hello, this is not a feed.');
      case '/huge':
        return streamForever(res);
      case '/huge-declared':
        res.writeHead(200, {
          'content-type': 'application/rss+xml',
          'content-length': String(50 * 1024 * 1024),
        });
        return res.write('<rss');
      case '/gzip':
      case '/br': {
        const br = req.url === '/br';
        res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': br ? 'br' : 'gzip' });
        return res.end(br ? brotliCompressSync(RSS) : gzipSync(RSS));
      }
      case '/bomb':
        // 64 MiB of spaces in about 64 kB: far under the cap as sent, far over it inflated.
        res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' });
        return res.end(gzipSync(Buffer.alloc(64 * 1024 * 1024, ' ')));
      case '/slow':
        return; // never answers
      default:
        return send(404, 'text/html', '<h1>Not found</h1>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).message).not.toContain('\n');
  return error as Error;
}

describe('fetchFeed', () => {
  test('returns the body of a feed, following redirects', async () => {
    await expect(fetchFeed(`${base}/feed.xml`)).resolves.toBe(RSS);
    await expect(fetchFeed(`${base}/moved`)).resolves.toBe(RSS);
  });

  test('uses the dispatcher it is given', async () => {
    let dispatched = 0;
    const agent = new Agent().compose((dispatch) => (opts, handler) => {
      dispatched++;
      return dispatch(opts, handler);
    });
    await fetchFeed(`${base}/feed.xml`, { dispatcher: agent });
    expect(dispatched).toBe(1);
  });

  test('decodes the charset the XML declaration names', async () => {
    const [entry] = await parseFeed(await fetchFeed(`${base}/latin1`));
    expect(entry?.title).toBe('Café');
  });

  test('a real feed served as text/html is still accepted', async () => {
    await expect(fetchFeed(`${base}/mislabelled`)).resolves.toBe(RSS);
  });

  test('404 is a UsageError naming the URL and status', async () => {
    const error = await failure(fetchFeed(`${base}/nope`));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toContain(`${base}/nope`);
    expect(error.message).toContain('404');
  });

  test('an HTML page is a UsageError', async () => {
    const error = await failure(fetchFeed(`${base}/page`));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toMatch(/HTML page/);
  });

  test('a redirect loop is a UsageError', async () => {
    expect(await failure(fetchFeed(`${base}/loop`))).toBeInstanceOf(UsageError);
  });

  test('text that is not XML fails at parsing with a UsageError', async () => {
    const text = await fetchFeed(`${base}/text`);
    expect(await failure(parseFeed(text))).toBeInstanceOf(UsageError);
  });

  test('non-http URLs are refused before any request', async () => {
    expect(await failure(fetchFeed('ftp://example.com/feed.xml'))).toBeInstanceOf(UsageError);
    expect(await failure(fetchFeed('feed.xml'))).toBeInstanceOf(UsageError);
  });

  test('an oversized body stops early instead of buffering it all', async () => {
    const error = await failure(fetchFeed(`${base}/huge`, { maxBytes: 1024 * 1024 }));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toMatch(/larger than 1 MiB/);
    await hugeClosed;
    // The server would send 50 MiB; we hung up after about 1 MiB plus socket buffers.
    expect(hugeBytesWritten).toBeLessThan(16 * 1024 * 1024);
  });

  test('gzip and brotli feeds are inflated (it asks for them)', async () => {
    await expect(fetchFeed(`${base}/gzip`)).resolves.toBe(RSS);
    await expect(fetchFeed(`${base}/br`)).resolves.toBe(RSS);
  });

  test('a gzip bomb is counted once inflated and refused at the cap', async () => {
    const error = await failure(fetchFeed(`${base}/bomb`, { maxBytes: 1024 * 1024 }));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toMatch(/larger than 1 MiB/);
  });

  test('a declared Content-Length over the limit fails without reading', async () => {
    const error = await failure(fetchFeed(`${base}/huge-declared`, { maxBytes: 1024 * 1024 }));
    expect(error).toBeInstanceOf(UsageError);
  });

  test('a server that never answers is a NetworkError after the timeout', async () => {
    const started = Date.now();
    const error = await failure(fetchFeed(`${base}/slow`, { timeoutMs: 300 }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toMatch(/did not answer/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('a refused connection is a NetworkError', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(fetchFeed(`http://127.0.0.1:${port}/feed.xml`));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toContain('ECONNREFUSED');
  });
});
