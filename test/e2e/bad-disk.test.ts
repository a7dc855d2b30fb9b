// A bad day for the disk: the config on a small tmpfs that fills up or goes read-only. Needs root
// (mount); skipped otherwise. Nothing is posted twice, no lock outlives its run, no login is lost.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../source/sandbox/index.js';
import { fixture, makeVideoBytes } from '../sandbox/helpers.js';
import { hostileServer, runCliIn, send } from './hostile-helpers.js';
import { expectOneLine, ids, publishesTitled, rfc822, sandboxWithAna } from './sources-helpers.js';

/** Whether this process may mount a tmpfs (root with CAP_SYS_ADMIN); tried once, for real. */
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
const PAGE = 4096;

let sandbox: Sandbox;
let env: Record<string, string>;
let media: Awaited<ReturnType<typeof hostileServer>>;
const feeds: Record<string, string> = {};
let authorizedConfig: string;
let dir: string;
const filler = () => join(dir, 'filler');

function mount(sizeKib: number): void {
  dir = mkdtempSync(join(tmpdir(), 'agoras-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKib}k,mode=0700`, 'tmpfs', dir]);
}
function unmount(): void {
  // Later tests start from the newest login (TikTok rotated the refresh token this test used).
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
  const saved = JSON.parse(readFileSync(authorizedConfig, 'utf8'));
  if (config.accounts.ana.accessExpiresAt > Date.now()) saved.accounts.ana = config.accounts.ana;
  writeFileSync(authorizedConfig, JSON.stringify(saved), { mode: 0o600 });
  execFileSync('umount', [dir]);
  rmSync(dir, { recursive: true, force: true });
}
/** Fills the file system until only `leaveKib` is free (0: full). */
function fill(leaveKib: number): void {
  rmSync(filler(), { force: true });
  const { bavail, bsize } = statfsSync(dir);
  const size = Math.max(0, bavail * bsize - leaveKib * 1024);
  writeFileSync(filler(), Buffer.alloc(Math.floor(size / PAGE) * PAGE));
  if (leaveKib === 0) {
    try {
      writeFileSync(join(dir, 'filler-rest'), Buffer.alloc(64 * 1024));
    } catch {} // whatever was left is taken
  }
}
function free(): void {
  rmSync(filler(), { force: true });
  rmSync(join(dir, 'filler-rest'), { force: true });
}
const remount = (mode: 'ro' | 'rw') => execFileSync('mount', ['-o', `remount,${mode}`, dir]);

/** The authorized config in the tmpfs, optionally with a padded ledger and an expired access token. */
function installConfig(options: { padKib?: number; expired?: boolean } = {}): void {
  const config = JSON.parse(readFileSync(authorizedConfig, 'utf8'));
  config.ledger ??= {};
  if (options.padKib) {
    for (let i = 0; i < options.padKib; i++) {
      config.ledger[`pad:${i}`] = { publishId: `p${i}`, at: 0, label: 'x'.repeat(1000), state: 'done' };
    }
  }
  if (options.expired) config.accounts.ana.accessExpiresAt = 0;
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config), { mode: 0o600 });
}
const debris = () => readdirSync(dir).filter((n) => n.endsWith('.lock') || n.endsWith('.tmp'));
const cli = (args: string[]) => runCliIn(args, { ...env, AGORAS_CONFIG_DIR: dir });
const feedArgs = (path: string, ...flags: string[]) => [
  ...['publish', '--network', 'tiktok', '--tiktok-username', 'ana', '--action', 'last-from-feed'],
  ...['--feed-url', media.url(path), '--tiktok-privacy-status', 'SELF_ONLY', ...flags],
];
const videoArgs = (title: string) => [
  ...['publish', '--network', 'tiktok', '--tiktok-username', 'ana', '--action', 'video'],
  ...['--tiktok-video-url', join(import.meta.dirname, '../fixtures/sample.mp4')],
  ...['--tiktok-title', title, '--tiktok-privacy-status', 'SELF_ONLY'],
];

const rss = (id: string, title: string, enclosure: string) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><guid>${id}</guid><title>${title}</title><pubDate>${rfc822(
    Date.now() - 60_000,
  )}</pubDate>${enclosure}</item></channel></rss>`;

describe.skipIf(!MOUNTABLE)('a full or read-only config file system (tmpfs)', () => {
  beforeAll(async () => {
    ({ sandbox, env } = await sandboxWithAna());
    authorizedConfig = join(env.AGORAS_CONFIG_DIR!, 'config.json');
    const routes: Record<string, ReturnType<typeof send>> = {
      '/a.jpg': send(fixture('sample.jpg'), 'image/jpeg'),
      '/clip.mp4': send(makeVideoBytes(120 * 1024 + 9), 'video/mp4'),
    };
    media = await hostileServer(
      new Proxy(routes, {
        get: (target, path: string) => target[path] ?? (feeds[path] ? send(feeds[path]) : undefined),
      }),
    );
    feeds['/photo.xml'] = rss(
      'disk-photo',
      'Disk photo',
      `<enclosure url="${media.url('/a.jpg')}" type="image/jpeg"/>`,
    );
  });
  afterAll(async () => {
    await media?.close();
    await sandbox?.close();
  });
  beforeEach(() => {
    mount(1024);
    return () => unmount();
  });

  it.each([
    ['a photo from a feed', 'photo', [] as string[]],
    ['a video TikTok pulls (--tiktok-video-source pull)', 'pull', ['--tiktok-video-source', 'pull']],
  ])(
    '%s: the intent cannot be written, so it is not posted; after space is freed, posted once',
    async (_name, kind, flags) => {
      const title = `Disk ${kind} ${Date.now()}`;
      const enclosure =
        kind === 'photo'
          ? `<enclosure url="${media.url('/a.jpg')}" type="image/jpeg"/>`
          : `<enclosure url="${media.url('/clip.mp4')}" type="video/mp4"/>`;
      const feed = `/disk-${kind}.xml`;
      feeds[feed] = rss(`disk-${kind}-${title}`, title, enclosure);
      const args = feedArgs(feed, ...flags);
      installConfig({ padKib: 200 }); // a config rewrite needs ~200 kB; a lock file needs one page
      fill(48);
      const full = await cli(args);
      expectOneLine(
        full,
        1,
        /Could not write the ledger .*ENOSPC.*not posted, so that it can never be posted twice/,
      );
      expect(publishesTitled(sandbox, title)).toEqual([]);
      expect(debris()).toEqual([]);
      // The failed write left the config whole (a short write is never renamed over it).
      expect(
        JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')).accounts.ana.refreshToken,
      ).toBeTruthy();
      free();
      const rerun = await cli(args);
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(ids(rerun.stdout)).toHaveLength(1);
      const again = await cli(args);
      expect(again.code, again.stderr).toBe(0);
      expect(ids(again.stdout)).toEqual([]);
      expect(publishesTitled(sandbox, title)).toHaveLength(1);
    },
  );

  it('a full disk leaves no lock behind: the run says why, and the next one is not locked out', async () => {
    installConfig();
    fill(0);
    const full = await cli(feedArgs('/photo.xml'));
    expectOneLine(full, 1, /Could not create the lock file .*ENOSPC/);
    expect(debris()).toEqual([]);
    free();
    const next = await cli(feedArgs('/photo.xml', '--dry-run'));
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).not.toMatch(/still posting/);
  });

  it('a full disk during a token refresh: TikTok is not asked, and the saved login still works after', async () => {
    installConfig({ expired: true });
    fill(0);
    const full = await cli(videoArgs('Refresh on a full disk'));
    expectOneLine(full, 1, /Cannot save a new TikTok login for 'ana' .*ENOSPC.*the saved login stays valid/);
    expect(debris()).toEqual([]);
    free();
    const next = await cli(videoArgs('Refresh after space'));
    expect(next.code, next.stderr).toBe(0);
    expect(ids(next.stdout)).toHaveLength(1);
  });

  it('a read-only config during rotation: refused with the reason, and the login survives', async () => {
    installConfig({ expired: true });
    remount('ro');
    const ro = await cli(videoArgs('Refresh read-only'));
    remount('rw');
    expectOneLine(ro, 1, /Cannot save a new TikTok login for 'ana' .*EROFS.*the saved login stays valid/);
    const next = await cli(videoArgs('Refresh writable again'));
    expect(next.code, next.stderr).toBe(0);
    expect(ids(next.stdout)).toHaveLength(1);
  });

  it('when the config write fails after TikTok rotated, the rescue file beside it keeps the login', async () => {
    installConfig({ padKib: 200, expired: true });
    fill(32); // room for the reserved rescue file, not for rewriting the 200 kB config
    const tight = await cli(videoArgs('Rescued login'));
    expect(tight.code, tight.stderr).toBe(0);
    const rescue = readdirSync(dir).filter((n) => n.includes('rescue'));
    expect(rescue).toHaveLength(1);
    const kept = JSON.parse(readFileSync(join(dir, rescue[0]!), 'utf8'));
    expect(kept.refreshToken).not.toBe(
      JSON.parse(readFileSync(authorizedConfig, 'utf8')).accounts.ana.refreshToken,
    );
    free();
    const next = await cli(videoArgs('After the rescue'));
    expect(next.code, next.stderr).toBe(0);
    expect(readdirSync(dir).filter((n) => n.includes('rescue'))).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')).accounts.ana.refreshToken).toBe(
      kept.refreshToken,
    );
  });
});

// Not a failure of the code: without root (or in a container without CAP_SYS_ADMIN) there is no
// tmpfs to fill, and filling the real /tmp would hurt the machine.
describe.skipIf(MOUNTABLE)('a full or read-only config file system', () => {
  it.skip('needs root to mount a small tmpfs; skipped', () => {});
});
