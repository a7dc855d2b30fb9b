// Shared harness for the bad-input corpus and the secrets audit: the built CLI as a child process
// (with a kill timer, so a hang fails one case instead of the suite), odd HTTP servers, output checks.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeVideoBytes } from '../sandbox/helpers.js';
import { CLI, type CliResult, followLoginUrl, storeEnv } from './cli.js';

export const LOGIN_URL = /(http:\/\/127\.0\.0\.1:\d+\/v2\/auth\/authorize\/\?\S+)/;

/**
 * Runs dist/cli.js with a clean environment plus `env`; kills it after `timeoutMs` (code null).
 * When the CLI prints a login URL, `onLoginUrl` plays the browser (default: follow the sandbox's consent).
 */
export async function runCliBounded(
  args: string[],
  env: Record<string, string | undefined>,
  options: { timeoutMs?: number; onLoginUrl?(url: string): void } = {},
): Promise<CliResult> {
  // Another checkout step may be rebuilding dist/ (the build empties it first): wait a little.
  for (let i = 0; i < 50 && !existsSync(CLI); i++) await new Promise((r) => setTimeout(r, 200));
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first.');
  const child = spawn(process.execPath, [CLI, ...args], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      AGORAS_NO_BROWSER: '1',
      TZ: 'UTC',
      ...storeEnv(env),
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let followed = false;
  const onLoginUrl = options.onLoginUrl ?? ((url: string) => void followLoginUrl(url).catch(() => {}));
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    const match = followed ? null : LOGIN_URL.exec(stderr);
    if (match) {
      followed = true;
      onLoginUrl(match[1]!);
    }
  });
  child.stdin.end('');
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** The `agoras:` lines of a run's stderr (the one-line error report). */
export function agorasLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('agoras:'));
}

/** Lines that look like a JavaScript stack frame. */
export function stackLines(text: string): string[] {
  return text.split('\n').filter((line) => /^\s+at /.test(line));
}

/** Permission bits of a path. */
export function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}

/** The file's bytes, or undefined when it does not exist. */
export function bytesOf(path: string): Buffer | undefined {
  return existsSync(path) ? readFileSync(path) : undefined;
}

/** GET with an optional Host header; the status, or 'refused' when the connection fails. */
export function rawGet(url: string, host?: string): Promise<number | 'refused'> {
  return new Promise((resolve) => {
    const req = httpRequest(url, { method: 'GET', headers: host ? { host } : {} }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve('refused'));
    req.end();
  });
}

const FEED_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Huge</title>\n';
const FEED_ITEM = `<item><title>padding</title><description>${'x'.repeat(960)}</description></item>\n`;

/**
 * Two hostile servers: /huge.mp4 announces 5 000 000 000 bytes, sends a few MP4 bytes and hangs up;
 * /huge-feed.xml streams a 50 MB RSS document without a length, counting what it managed to send.
 */
export async function serveHostile(): Promise<{
  url(path: string): string;
  feedBytesSent(): number;
  close(): Promise<void>;
}> {
  let feedSent = 0;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/huge.mp4') {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': '5000000000' });
      if (req.method === 'HEAD') return void res.end();
      res.write(makeVideoBytes(64 * 1024));
      setTimeout(() => res.destroy(), 150);
      return;
    }
    if (path !== '/huge-feed.xml') return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    const item = Buffer.from(FEED_ITEM);
    const pump = () => {
      while (feedSent < 50 * 1024 * 1024 && !res.destroyed) {
        const part = feedSent === 0 ? Buffer.concat([Buffer.from(FEED_HEAD), item]) : item;
        feedSent += part.length;
        if (!res.write(part)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end('</channel></rss>\n');
    };
    res.on('error', () => {});
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (path) => `${base}${path}`,
    feedBytesSent: () => feedSent,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
