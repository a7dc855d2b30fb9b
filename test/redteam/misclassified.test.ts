import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openVideo } from '../../source/media/open-video.js';
import { AgorasError, NetworkError, UsageError } from '../../source/shared/errors.js';
import { createHttp } from '../../source/shared/http.js';
import { runCli } from '../e2e/cli.js';

/**
 * Errors that were reported as something else: a redirect loop (exit 5, UND_ERR_INVALID_ARG), a
 * full TMPDIR ("Could not reach … ENOSPC", exit 5), a config directory with a name too long or
 * not ours to chmod ("unexpected error"). And spools a SIGKILLed run left behind.
 */
const servers: ReturnType<typeof createServer>[] = [];
const savedTmp = process.env.TMPDIR;
afterEach(() => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
});

async function serve(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v.mp4`;
}

function canMount(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const dir = mkdtempSync(join(tmpdir(), 'agoras-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' });
    execFileSync('umount', [dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const MOUNTABLE = canMount();

describe('errors said as what they are', () => {
  it('a video URL that redirects in a loop: exit 2, one line', async () => {
    const url = await serve((_req, res) => void res.writeHead(302, { location: '/v.mp4' }).end());
    const http = createHttp({ timeoutMs: 5000 });
    const error = await openVideo(url, http.media).catch((e: unknown) => e);
    await http.close();
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/redirects in a loop/);
  });

  it.skipIf(!MOUNTABLE)(
    'a full TMPDIR while spooling: exit 1 naming the directory, not a network error',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'agoras-fulltmp-'));
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]);
      try {
        process.env.TMPDIR = dir;
        const url = await serve((_req, res) => {
          res.writeHead(200, { 'content-type': 'video/mp4' }); // no length: spooled
          res.end(Buffer.alloc(1024 * 1024));
        });
        const http = createHttp({ timeoutMs: 5000 });
        const error = await openVideo(url, http.media).catch((e: unknown) => e);
        await http.close();
        expect(error).toBeInstanceOf(AgorasError);
        expect(error).not.toBeInstanceOf(NetworkError);
        expect((error as AgorasError).exitCode).toBe(1);
        expect((error as Error).message).toMatch(/Could not keep the download in .* \(ENOSPC\)/);
      } finally {
        execFileSync('umount', [dir]);
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it.each([
    ['a name too long', () => join(tmpdir(), 'c'.repeat(300)), /ENAMETOOLONG/],
    ['a directory not ours to chmod', () => '/proc/1', /EPERM/],
  ])('a config directory with %s: one line, exit 1, not "unexpected error"', async (_what, dir, code) => {
    const run = await runCli(['accounts'], { AGORAS_CONFIG_DIR: dir() });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^agoras: The config directory .* cannot be used \(E[A-Z]+\)/);
    expect(run.stderr).toMatch(code);
    expect(run.stderr).not.toMatch(/unexpected error/);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('a spool a killed run left is swept by the next spool; a live run’s stays', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const stale = join(tmpdir(), `agoras-spool-${dead}-stale-test`);
    const live = join(tmpdir(), `agoras-spool-${process.ppid}-live-test`);
    mkdirSync(stale, { recursive: true });
    mkdirSync(live, { recursive: true });
    try {
      const url = await serve((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' }); // no length: spooled, then refused
        res.end('not a video');
      });
      const http = createHttp({ timeoutMs: 5000 });
      await openVideo(url, http.media).catch(() => {});
      await http.close();
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(live)).toBe(true);
    } finally {
      rmSync(stale, { recursive: true, force: true });
      rmSync(live, { recursive: true, force: true });
    }
  });
});
