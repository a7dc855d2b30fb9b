import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { urlReader } from '../../source/media/inspect/index.js';
import { openVideo } from '../../source/media/open-video.js';
import { downloadLimits } from '../../source/shared/download-limits.js';
import { NetworkError, UsageError } from '../../source/shared/errors.js';
import { createHttp } from '../../source/shared/http.js';
import { fetchFeed } from '../../source/sources/feed-fetch.js';

/**
 * Servers that drip: a byte now and then, always before the idle timeout, never the whole body. Every
 * download ends within its deadline or at its minimum rate (small values set here through the
 * environment, as a user would), with one line and exit 5. Each test is bounded by its timeout.
 */
const video = readFileSync(join(import.meta.dirname, '../fixtures/sample.mp4'));
const servers: ReturnType<typeof createServer>[] = [];
const ENV = [
  'AGORAS_DOWNLOAD_DEADLINE_MS',
  'AGORAS_SOURCE_DEADLINE_MS',
  'AGORAS_DOWNLOAD_MIN_RATE',
  'AGORAS_DOWNLOAD_RATE_WINDOW_MS',
];
afterEach(() => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
  for (const name of ENV) delete process.env[name];
});

async function serve(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v.mp4`;
}

/** Sends `head` at once, then one byte every `everyMs` until the client goes. */
function drip(res: ServerResponse, head: Buffer, rest: Buffer, everyMs: number): void {
  res.write(head);
  let at = 0;
  const timer = setInterval(() => {
    if (res.destroyed || at >= rest.length) return clearInterval(timer);
    res.write(rest.subarray(at, ++at));
  }, everyMs);
}

async function networkFailure(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NetworkError);
  expect((error as NetworkError).exitCode).toBe(5);
  expect((error as Error).message).toMatch(pattern);
  expect((error as Error).message).not.toContain('\n');
}

describe('downloads that drip', () => {
  it('a streamed video (with a length) below the minimum rate is dropped', async () => {
    process.env.AGORAS_DOWNLOAD_MIN_RATE = '1000';
    process.env.AGORAS_DOWNLOAD_RATE_WINDOW_MS = '400';
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(video.length) });
      drip(res, video.subarray(0, 1000), video.subarray(1000), 50);
    });
    const http = createHttp({ timeoutMs: 60_000 });
    await networkFailure(openVideo(url, http.media), /slower than 1000 bytes\/s; gave up/);
    await http.close();
  }, 15_000);

  it('a spooled video (no length) past its deadline is dropped, its spool removed', async () => {
    process.env.AGORAS_DOWNLOAD_DEADLINE_MS = '600';
    process.env.AGORAS_DOWNLOAD_MIN_RATE = '0';
    // This process's spools only (other test files spool at the same time).
    const spools = () => readdirSync(tmpdir()).filter((n) => n.startsWith(`agoras-spool-${process.pid}-`));
    const before = new Set(spools());
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'video/mp4' });
      drip(res, video.subarray(0, 100), video.subarray(100), 20);
    });
    const http = createHttp({ timeoutMs: 60_000 });
    await networkFailure(openVideo(url, http.media), /took longer than 600 ms to download/);
    await http.close();
    expect(spools().filter((n) => !before.has(n))).toEqual([]);
  }, 15_000);

  it('checking media by URL (Range reads) drops a server that drips', async () => {
    process.env.AGORAS_DOWNLOAD_DEADLINE_MS = '600';
    const url = await serve((_req, res) => {
      res.writeHead(206, {
        'content-type': 'video/mp4',
        'content-range': `bytes 0-65535/${video.length}`,
        'content-length': '65536',
      });
      drip(res, video.subarray(0, 10), video.subarray(10, 65536), 20);
    });
    const http = createHttp({ timeoutMs: 60_000 });
    const reader = urlReader(url, { dispatcher: http.media });
    await networkFailure(reader.size(), /took longer than 600 ms/);
    await http.close();
  }, 15_000);

  it('a feed that drips ends at the source deadline', async () => {
    process.env.AGORAS_SOURCE_DEADLINE_MS = '600';
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const body = Buffer.from(`<?xml version="1.0"?><rss><channel>${' '.repeat(100_000)}`);
      drip(res, body.subarray(0, 10), body.subarray(10), 20);
    });
    await expect(fetchFeed(url)).rejects.toThrow(NetworkError);
  }, 15_000);

  it('settings are whole numbers; anything else is one line, exit 2', () => {
    expect(downloadLimits('media', {})).toMatchObject({ minBytesPerSecond: 10240, windowMs: 30_000 });
    expect(downloadLimits('source', { AGORAS_SOURCE_DEADLINE_MS: '5000' }).deadlineMs).toBe(5000);
    expect(downloadLimits('media', { AGORAS_DOWNLOAD_MIN_RATE: '0' }).minBytesPerSecond).toBe(0);
    for (const bad of ['-1', '1.5', 'soon', '0']) {
      expect(() => downloadLimits('media', { AGORAS_DOWNLOAD_DEADLINE_MS: bad })).toThrow(UsageError);
    }
  });
});
