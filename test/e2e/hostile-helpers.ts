import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, type CliResult, storeEnv } from './cli.js';

export type Route = (req: IncomingMessage, res: ServerResponse) => void;

/** A server we control on `host`:0 (127.0.0.1 unless said), playing the attacker's feed or media host. */
export async function hostileServer(routes: Record<string, Route>, host = '127.0.0.1') {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(path);
    const route = routes[path];
    if (route) route(req, res);
    else res.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    port,
    base,
    url: (path: string) => `${base}${path}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export const send =
  (body: string | Buffer, type = 'application/octet-stream', status = 200): Route =>
  (_req, res) =>
    void res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) }).end(body);

export const redirect =
  (location: string): Route =>
  (_req, res) =>
    void res.writeHead(302, { location }).end();

/** An address of this machine that is not loopback (a LAN or container address), if it has one. */
export function outwardAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return undefined;
}

/** A preload that prints the process's peak RSS (KiB) on stderr as it exits: measured in the child. */
export function peakRssPreload(): string {
  const path = join(tmpdir(), `agoras-peak-rss-${process.pid}.mjs`);
  writeFileSync(
    path,
    [
      "import { writeSync } from 'node:fs';",
      "process.on('exit', () => writeSync(2, 'peak-rss-kib ' + process.resourceUsage().maxRSS + '\\n'));",
      '',
    ].join('\n'),
  );
  return path;
}

/** The peak RSS a run printed through peakRssPreload, in MB. */
export function peakRssMb(stderr: string): number {
  const kib = Number(/peak-rss-kib (\d+)/.exec(stderr)?.[1]);
  return Math.round((kib * 1024) / 1e6);
}

/** Runs the built CLI in `cwd`, killing it (and failing) after `budgetMs`: a run that hangs ends. */
export function runCliIn(
  args: string[],
  env: Record<string, string | undefined>,
  options: { cwd?: string; budgetMs?: number } = {},
): Promise<CliResult & { killed: boolean }> {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, AGORAS_NO_BROWSER: '1', ...storeEnv(env), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let killed = false;
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const timer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, options.budgetMs ?? 45_000);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, killed });
    });
  });
}

/** Control characters a terminal acts on (C0 but newline, DEL, C1). */
export const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
