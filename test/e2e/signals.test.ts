// Signals during a spool (a video without Content-Length is downloaded to $TMPDIR first): the run
// stops, the spool and the account lock are gone, "Cancelled" is printed, and the exit code says
// which signal. Before, when-exit (loaded by conf) re-raised SIGINT at once and left both behind.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../source/sandbox/index.js';
import { makeVideoBytes } from '../sandbox/helpers.js';
import { CLI, openTestStore, storeEnv } from './cli.js';
import { hostileServer } from './hostile-helpers.js';
import { rfc822, sandboxWithAna } from './sources-helpers.js';

const video = makeVideoBytes(2 * 1024 * 1024 + 1);
let sandbox: Sandbox;
let env: Record<string, string>;
let server: Awaited<ReturnType<typeof hostileServer>>;

/** The sizes of the files spooled under `root` (one agoras- directory per download). */
function spools(root: string): number[] {
  return readdirSync(root)
    .filter((n) => n.startsWith('agoras-'))
    .flatMap((d) => readdirSync(join(root, d)).map((f) => statSync(join(root, d, f)).size));
}

async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  ({ sandbox, env } = await sandboxWithAna());
  server = await hostileServer({
    // The first part of the video, then nothing more: no Content-Length, so agoras spools it.
    '/slow.mp4': (_req, res) => {
      res.writeHead(200, { 'content-type': 'video/mp4' });
      res.write(video.subarray(0, 512 * 1024));
    },
    '/feed.xml': (_req, res) =>
      void res
        .writeHead(200, { 'content-type': 'application/rss+xml' })
        .end(
          `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><guid>slow</guid><title>Slow</title><pubDate>${rfc822(
            Date.now() - 60_000,
          )}</pubDate><enclosure url="${server.url('/slow.mp4')}" type="video/mp4"/></item></channel></rss>`,
        ),
  });
});

afterAll(async () => {
  await server?.close();
  await sandbox?.close();
});

describe('signals during a spooled download, holding the account lock', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('%s: no spool, no lock, "Cancelled", exit %i', async (signal, code) => {
    const spoolRoot = mkdtempSync(join(tmpdir(), 'agoras-spool-'));
    const child = spawn(
      process.execPath,
      [
        CLI,
        ...['publish', '--network', 'tiktok', '--tiktok-username', 'ana', '--action', 'last-from-feed'],
        ...['--feed-url', server.url('/feed.xml'), '--tiktok-privacy-status', 'SELF_ONLY'],
      ],
      {
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...storeEnv(env), ...env, TMPDIR: spoolRoot },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('close', (c, s) => resolve({ code: c, signal: s })),
    );
    // The account's lock, seen as another run sees it (a lock file, or a lease in the Redis pass).
    const store = await openTestStore(env);
    const lockTaken = () =>
      store.lockAccount('ana', 0).then(
        async (lock) => {
          await lock.release();
          return false;
        },
        () => true,
      );
    await until(() => spools(spoolRoot).some((size) => size > 0), 'the spool to fill');
    expect(await lockTaken()).toBe(true);
    child.kill(signal);
    const result = await exited;
    expect(result, stderr).toEqual({ code, signal: null });
    expect(stderr).toMatch(/agoras: Cancelled; nothing was posted\./);
    expect(readdirSync(spoolRoot)).toEqual([]);
    expect(await lockTaken()).toBe(false);
    // Cancelled before TikTok was asked: the ledger keeps no intent, so the next run may post it.
    const ledger = await store.ledger();
    await store.close();
    expect(Object.keys(ledger).filter((k) => k.startsWith('feed:'))).toEqual([]);
    expect([...sandbox.state.publishes.values()].filter((p) => p.post_info?.title === 'Slow')).toEqual([]);
  });
});
