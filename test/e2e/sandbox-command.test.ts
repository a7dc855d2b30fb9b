import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { startReceiver } from '../sandbox/webhook-receiver.js';
import { CLI } from './cli.js';

// `agoras sandbox --port N` as a container runs it (`docker run … agoras sandbox --port 8080`, the image
// setting AGORAS_SANDBOX_HOST=0.0.0.0), driven through the built CLI with no docker engine.

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGTERM');
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [CLI, 'sandbox', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    stderr: () => err,
    async info(): Promise<Record<string, string>> {
      for (let i = 0; i < 1000 && !out.includes('\n'); i++) {
        if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${err}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return JSON.parse(out.split('\n')[0]!) as Record<string, string>;
    },
  };
}

describe('agoras sandbox (built CLI)', () => {
  it('listens on the port and host given, serves a web app without PKCE, its webhooks and the set lifetimes', async () => {
    const port = await freePort();
    const receiver = await startReceiver('shop-secret-123');
    try {
      const sandbox = run([
        ...['--port', String(port), '--host', '127.0.0.1', '--auto-consent', '--token-lifetimes', '60s/1h'],
        ...['--client', 'web:awshop:shop-secret-123:https://shop.example.com/cb'],
        ...['--webhook-url', `awshop=${receiver.url}`],
      ]);
      const info = await sandbox.info();
      expect(info.tiktokApiBaseUrl).toBe(`http://127.0.0.1:${port}`);
      const authorize = await fetch(
        `${info.tiktokAuthUrl}?client_key=awshop&scope=user.info.basic,video.publish&response_type=code&redirect_uri=https%3A%2F%2Fshop.example.com%2Fcb&state=x`,
        { redirect: 'manual' },
      );
      const code = new URL(authorize.headers.get('location')!).searchParams.get('code')!;
      const tokenRes = await fetch(`${info.tiktokApiBaseUrl}/v2/oauth/token/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_key: 'awshop',
          client_secret: 'shop-secret-123',
          code,
          grant_type: 'authorization_code',
          redirect_uri: 'https://shop.example.com/cb',
        }),
      });
      const tokens = (await tokenRes.json()) as {
        access_token: string;
        expires_in: number;
        refresh_expires_in: number;
      };
      expect([tokens.expires_in, tokens.refresh_expires_in]).toEqual([60, 3600]);
      const revoke = await fetch(`${info.tiktokApiBaseUrl}/v2/oauth/revoke/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_key: 'awshop',
          client_secret: 'shop-secret-123',
          token: tokens.access_token,
        }),
      });
      expect(revoke.status).toBe(200);
      const [removed] = await receiver.waitFor(1, 'authorization.removed');
      expect(removed).toMatchObject({ client_key: 'awshop', content: { reason: 5 } });
      sandbox.child.kill('SIGTERM');
      expect(await sandbox.exited).toBe(0);
    } finally {
      await receiver.close();
    }
  });

  it('AGORAS_SANDBOX_HOST=0.0.0.0 (the container setting): reachable on every address of the machine', async () => {
    const port = await freePort();
    const sandbox = run(['--port', String(port)], { AGORAS_SANDBOX_HOST: '0.0.0.0' });
    const info = await sandbox.info();
    // The URLs handed out stay ones a client on this machine (or through -p 8080:8080) can use.
    expect(info.tiktokApiBaseUrl).toBe(`http://127.0.0.1:${port}`);
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    for (const host of ['127.0.0.1', ...(external ? [external] : [])]) {
      const res = await fetch(`http://${host}:${port}/v2/oauth/token/`, { method: 'POST' });
      expect(res.status).toBe(400); // alive, and answering as TikTok's token endpoint does
    }
    sandbox.child.kill('SIGTERM');
    expect(await sandbox.exited).toBe(0);
  });

  it('--public-url is what it hands out; a port in use is one line and exit 2', async () => {
    const port = await freePort();
    const first = run(['--port', String(port), '--public-url', `http://localhost:${port}/`]);
    const info = await first.info();
    expect(info.tiktokApiBaseUrl).toBe(`http://localhost:${port}`);
    expect(info.adminUrl).toBe(`http://localhost:${port}/__sandbox`);
    const second = run(['--port', String(port)]);
    expect(await second.exited).toBe(2);
    expect(second.stderr().trim().split('\n')).toHaveLength(1);
    expect(second.stderr()).toMatch(
      /^agoras sandbox: 127\.0\.0\.1:\d+ is already in use \(EADDRINUSE\): pick another --port\.$/m,
    );
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
  });
});
