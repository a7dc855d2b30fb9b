import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { publishJob } from '../../source/core/publish.js';
import { RefusedError } from '../../source/shared/errors.js';
import { silentReporter } from '../../source/shared/reporter.js';
import { TikTokClient } from '../../source/tiktok/client.js';
import { uploadUrlProblem } from '../../source/tiktok/upload-url.js';
import { createHarness, type Harness, videoJob } from '../core/harness.js';

/**
 * An init reply (a hostile API, or a proxy that rewrites it) names an upload URL that is not
 * TikTok's: another loopback address over http, a file: URL. Not a byte of the video goes there;
 * one line says why.
 */
let h: Harness | undefined;
const closers: (() => void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) close();
  await h?.close();
  h = undefined;
});

/** A listener on 127.0.0.2 that counts every byte sent to it. */
async function thief(): Promise<{ url: string; bytes: () => number }> {
  let bytes = 0;
  const server = createServer((req, res) => {
    req.on('data', (d: Buffer) => {
      bytes += d.length;
    });
    req.on('end', () => res.writeHead(201).end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.2', r));
  closers.push(() => {
    server.closeAllConnections();
    server.close();
  });
  return {
    url: `http://127.0.0.2:${(server.address() as AddressInfo).port}/video/?upload_id=1`,
    bytes: () => bytes,
  };
}

/** A proxy to the sandbox that swaps the init reply's upload_url for `swap`. */
async function rewriting(target: string, swap: string): Promise<string> {
  const server = createServer((req, res) => {
    const up = httpRequest(`${target}${req.url}`, { method: req.method, headers: req.headers }, (reply) => {
      const parts: Buffer[] = [];
      reply.on('data', (d: Buffer) => parts.push(d));
      reply.on('end', () => {
        let body = Buffer.concat(parts).toString('utf8');
        if (req.url?.includes('/init/'))
          body = body.replace(/"upload_url":"[^"]*"/, `"upload_url":${JSON.stringify(swap)}`);
        const headers = { ...reply.headers, 'content-length': String(Buffer.byteLength(body)) };
        res.writeHead(reply.statusCode ?? 500, headers).end(body);
      });
    });
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => {
    server.closeAllConnections();
    server.close();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('upload URLs that are not TikTok’s', () => {
  it.each([
    ['http on another address', 'thief'],
    ['a file: URL', 'file:///tmp/agoras-steal'],
  ])('%s: refused, nothing sent', async (_what, swap) => {
    h = await createHarness();
    const steal = await thief();
    const base = await rewriting(h.sandbox.urls.tiktokApiBaseUrl, swap === 'thief' ? steal.url : swap);
    const client = new TikTokClient(h.session, base, h.http);
    const { path } = h.video(300 * 1024);
    const error = await publishJob(videoJob(path), {
      client,
      http: h.http,
      reporter: silentReporter,
      pollIntervalMs: 20,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusedError);
    expect((error as Error).message).toMatch(
      /upload URL that agoras does not send video to: .*Nothing was sent\./,
    );
    expect((error as Error).message).not.toContain('127.0.0.2');
    expect(steal.bytes()).toBe(0);
  });

  it('the rule: https on TikTok’s upload host; the sandbox’s own origin only with a sandbox base', () => {
    const prod = 'https://open.tiktokapis.com';
    expect(uploadUrlProblem('https://open-upload.tiktokapis.com/video/?upload_id=1', prod)).toBeUndefined();
    for (const bad of [
      'http://open-upload.tiktokapis.com/video/',
      'https://open-upload.tiktokapis.com:8443/video/',
      'https://evil.example/video/',
      'https://open-upload.tiktokapis.com.evil.example/',
      'https://u:p@open-upload.tiktokapis.com/',
      'file:///etc/passwd',
      'not a url',
      'http://127.0.0.1:9000/upload/',
    ])
      expect(uploadUrlProblem(bad, prod), bad).toBeDefined();
    const sandbox = 'http://127.0.0.1:9000';
    expect(uploadUrlProblem('http://127.0.0.1:9000/upload/?upload_id=1', sandbox)).toBeUndefined();
    expect(uploadUrlProblem('http://127.0.0.2:9000/upload/', sandbox)).toBeDefined();
    expect(uploadUrlProblem('http://127.0.0.1:9001/upload/', sandbox)).toBeDefined();
  });
});
