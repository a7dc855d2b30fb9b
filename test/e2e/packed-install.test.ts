// The published shape, not the repository: `npm pack`, then `npm install -g` of the tarball into an
// empty prefix, and that `agoras` posts a video and reads a feed through the sandbox. It runs from
// an empty directory, so nothing of the repository (its node_modules) can stand in for a missing
// dependency or file. npm runs with --offline: its cache must hold the dependencies (.ci/run fills
// it); nothing here talks to the internet.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { hostileServer, send } from './hostile-helpers.js';
import { rfc822 } from './sources-helpers.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'agoras-packed-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function npm(args: string[]): Promise<string> {
  try {
    return (await run('npm', args, { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 })).stdout;
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    if (/ENOTCACHED/.test(e.stderr ?? '')) {
      throw new Error(
        "npm's cache lacks a dependency of the package; fill it once with .ci/run's step " +
          '(npm pack, then npm install -g --prefix "$(mktemp -d)" of the tarball, online).',
      );
    }
    throw new Error(`npm ${args[0]} failed: ${e.stderr ?? e.message}`);
  }
}

it('npm pack → npm install -g → agoras posts through the sandbox and reads a feed', async () => {
  const tarball = (await npm(['pack', '--silent', '--pack-destination', tmp])).trim().split('\n').at(-1)!;
  const prefix = join(tmp, 'prefix');
  await npm([
    'install',
    '-g',
    '--prefix',
    prefix,
    '--offline',
    '--no-audit',
    '--no-fund',
    join(tmp, tarball),
  ]);
  const agoras = join(prefix, 'bin', 'agoras');
  const env = {
    PATH: process.env.PATH,
    HOME: tmp,
    AGORAS_CONFIG_DIR: join(tmp, 'config'),
    AGORAS_NO_BROWSER: '1',
  };
  const cli = (args: string[]) => run(agoras, args, { cwd: tmp, env, timeout: 60_000 });

  const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;
  expect((await cli(['--version'])).stdout).toContain(version);

  const posted = await cli([
    ...['publish', '--sandbox', '--network', 'tiktok', '--action', 'video'],
    ...['--tiktok-video-url', join(ROOT, 'test', 'fixtures', 'sample.mp4')],
    ...['--tiktok-title', 'Packed', '--tiktok-privacy-status', 'SELF_ONLY'],
  ]);
  expect(posted.stdout.trim()).toMatch(/^\{"id":"v_pub_file~v2-\d+\.\d+"\}$/);

  // A feed: rss-parser must come with the package (it is external to the bundle).
  const feed = `<rss version="2.0"><channel><title>t</title><item><guid>g</guid><pubDate>${rfc822(
    Date.now() - 60_000,
  )}</pubDate><title>From the feed</title><enclosure url="https://e.example/v.mp4" type="video/mp4"/></item></channel></rss>`;
  const server = await hostileServer({ '/feed.xml': send(feed, 'application/rss+xml') });
  try {
    const dry = await cli([
      ...['publish', '--sandbox', '--network', 'tiktok', '--action', 'last-from-feed', '--dry-run'],
      ...['--feed-url', server.url('/feed.xml'), '--tiktok-privacy-status', 'SELF_ONLY'],
    ]);
    expect(JSON.parse(dry.stdout.trim().split('\n').at(-1)!).title).toBe('From the feed');
  } finally {
    await server.close();
  }
}, 240_000);
