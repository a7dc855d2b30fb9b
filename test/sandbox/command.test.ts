import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { runSandboxCommand } from '../../source/sandbox/command.js';
import { sandboxOptionsFromEnv } from '../../source/sandbox/env.js';
import type { Sandbox } from '../../source/sandbox/index.js';
import { api, authorizeSandbox } from './helpers.js';

function fakeIo() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (d: Buffer) => out.push(d.toString()));
  stderr.on('data', (d: Buffer) => err.push(d.toString()));
  return { stdout, stderr, out, err };
}

async function firstLine(chunks: string[]): Promise<string> {
  for (let i = 0; i < 200 && !chunks.join('').includes('\n'); i++)
    await new Promise((r) => setTimeout(r, 10));
  return chunks.join('').split('\n')[0]!;
}

const creatorInfo = (base: string) =>
  request(`${base}/v2/post/publish/creator_info/query/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
  });

describe('runSandboxCommand', () => {
  it('prints one JSON line, serves, arms --faults, and stops on abort with 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sbx-'));
    const faultsFile = join(dir, 'faults.json');
    writeFileSync(faultsFile, JSON.stringify({ faults: [{ endpoint: 'creator_info', status: 503 }] }));
    const io = fakeIo();
    const controller = new AbortController();
    const done = runSandboxCommand(['--auto-consent', '--status-delay', '5', '--faults', faultsFile], {
      ...io,
      signal: controller.signal,
    });
    const info = JSON.parse(await firstLine(io.out));
    expect(Object.keys(info)).toEqual([
      'tiktokApiBaseUrl',
      'tiktokAuthUrl',
      'clientKey',
      'clientSecret',
      'adminUrl',
      'googleSheetsRootUrl',
      'googleOAuthTokenUrl',
      'googleSheetsClientEmail',
      'googleSheetsPrivateKey',
      'googleSheetsDemo',
    ]);
    expect(info.googleSheetsRootUrl).toBe(`${info.tiktokApiBaseUrl}/`);
    expect(info.googleSheetsPrivateKey).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(info.tiktokAuthUrl).toBe(`${info.tiktokApiBaseUrl}/v2/auth/authorize/`);
    expect(info.adminUrl).toBe(`${info.tiktokApiBaseUrl}/__sandbox`);
    const faulted = await creatorInfo(info.tiktokApiBaseUrl);
    await faulted.body.dump();
    expect(faulted.statusCode).toBe(503);
    const after = await creatorInfo(info.tiktokApiBaseUrl);
    await after.body.dump();
    expect(after.statusCode).toBe(401);
    controller.abort();
    expect(await done).toBe(0);
    expect(io.out.join('').trim().split('\n')).toHaveLength(1);
    await expect(creatorInfo(info.tiktokApiBaseUrl)).rejects.toThrow();
  });

  it.each([
    [['--port', 'abc']],
    [['--bogus']],
    [['--status-delay', '-1']],
    [['--faults', '/nonexistent/x.json']],
    [['--moderation-delay', 'soon']],
    [['--token-lifetimes', '2h/1h']],
    [['--client', 'web:k']],
    [['--client', 'web:k:s']], // a web app needs its https redirect URIs
    [['--client', 'web:k:s:http://shop.example.com/cb']],
    [['--webhook-url', 'nokey=http://127.0.0.1:9/hook']],
    [['--public-url', 'ftp://x']],
    [['extra']],
  ])('bad flags %j → one stderr line, exit 2', async (argv) => {
    const io = fakeIo();
    expect(await runSandboxCommand(argv, io)).toBe(2);
    expect(io.err.join('').trim().split('\n')).toHaveLength(1);
    expect(io.out.join('')).toBe('');
  });

  it('--unaudited and --retry-after as flags, the private account and sparse replies from the environment', async () => {
    const io = fakeIo();
    const controller = new AbortController();
    const done = runSandboxCommand(
      ['--auto-consent', '--status-delay', '5', '--unaudited', '--retry-after'],
      {
        ...io,
        signal: controller.signal,
        env: { AGORAS_SANDBOX_PRIVATE_ACCOUNT: '1', AGORAS_SANDBOX_SPARSE: 'true' },
      },
    );
    const info = JSON.parse(await firstLine(io.out));
    const sandbox = {
      urls: { tiktokApiBaseUrl: info.tiktokApiBaseUrl, tiktokAuthUrl: info.tiktokAuthUrl },
      clientKey: info.clientKey,
      clientSecret: info.clientSecret,
    } as Sandbox;
    try {
      const { access_token } = await authorizeSandbox(sandbox);
      const creator = await api(sandbox, '/v2/post/publish/creator_info/query/', access_token, {});
      expect(creator.json.data.privacy_level_options).toEqual(['SELF_ONLY']);
      // Private account (env): an unaudited SELF_ONLY post goes through.
      const init = await api(sandbox, '/v2/post/publish/video/init/', access_token, {
        post_info: { privacy_level: 'SELF_ONLY' },
        source_info: { source: 'FILE_UPLOAD', video_size: 10, chunk_size: 10, total_chunk_count: 1 },
      });
      expect(init.status).toBe(200);
      const status = await api(sandbox, '/v2/post/publish/status/fetch/', access_token, {
        publish_id: init.json.data.publish_id,
      });
      expect(status.json.data).toEqual({ status: 'PROCESSING_UPLOAD' });
      let limited = creator;
      for (let i = 0; i < 20; i++)
        limited = await api(sandbox, '/v2/post/publish/creator_info/query/', access_token, {});
      expect(limited.status).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      controller.abort();
    }
    expect(await done).toBe(0);
  });

  it('a malformed AGORAS_SANDBOX_* value → one stderr line naming it, exit 2', async () => {
    const io = fakeIo();
    expect(await runSandboxCommand([], { ...io, env: { AGORAS_SANDBOX_UNAUDITED: 'maybe' } })).toBe(2);
    expect(io.err.join('')).toMatch(/^agoras sandbox: AGORAS_SANDBOX_UNAUDITED must be 1 or 0/);
    expect(io.err.join('').trim().split('\n')).toHaveLength(1);
  });

  it('--help prints usage and exits 0', async () => {
    const io = fakeIo();
    expect(await runSandboxCommand(['--help'], io)).toBe(0);
    expect(io.out.join('')).toContain('--auto-consent');
  });
});

describe('sandboxOptionsFromEnv', () => {
  it('maps each variable to its option and leaves unset ones out', () => {
    expect(sandboxOptionsFromEnv({})).toEqual({});
    expect(
      sandboxOptionsFromEnv({
        AGORAS_SANDBOX_UNAUDITED: '1',
        AGORAS_SANDBOX_PRIVATE_ACCOUNT: 'yes',
        AGORAS_SANDBOX_SPARSE: '0',
        AGORAS_SANDBOX_RETRY_AFTER: 'TRUE',
        AGORAS_SANDBOX_STATUS_DELAY_MS: '250',
      }),
    ).toEqual({ unaudited: true, privateAccount: true, sparse: false, retryAfter: true, statusDelayMs: 250 });
  });

  it.each([
    [{ AGORAS_SANDBOX_SPARSE: 'sometimes' }, /AGORAS_SANDBOX_SPARSE/],
    [{ AGORAS_SANDBOX_STATUS_DELAY_MS: '-5' }, /AGORAS_SANDBOX_STATUS_DELAY_MS/],
    [{ AGORAS_SANDBOX_STATUS_DELAY_MS: '1.5' }, /AGORAS_SANDBOX_STATUS_DELAY_MS/],
  ])('%j throws with the variable named', (env, message) => {
    expect(() => sandboxOptionsFromEnv(env)).toThrow(message);
  });
});

describe('standalone process', () => {
  it('serves until SIGTERM and exits 0', async () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const script =
      "import { runSandboxCommand } from './source/sandbox/command.ts';" +
      'process.exitCode = await runSandboxCommand(process.argv.slice(1), process);';
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script, '--', '--auto-consent'],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const out: string[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const info = JSON.parse(await firstLine(out));
    const res = await request(`${info.tiktokAuthUrl}?client_key=${info.clientKey}`);
    await res.body.dump();
    expect(res.statusCode).toBe(400); // alive, and validating
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
