import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { runSandboxCommand } from '../../source/sandbox/command.js';

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
    [['extra']],
  ])('bad flags %j → one stderr line, exit 2', async (argv) => {
    const io = fakeIo();
    expect(await runSandboxCommand(argv, io)).toBe(2);
    expect(io.err.join('').trim().split('\n')).toHaveLength(1);
    expect(io.out.join('')).toBe('');
  });

  it('--help prints usage and exits 0', async () => {
    const io = fakeIo();
    expect(await runSandboxCommand(['--help'], io)).toBe(0);
    expect(io.out.join('')).toContain('--auto-consent');
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
