// Feeds written by an attacker, served from 127.0.0.1: each case is an attack from issue 13 that
// hung, leaked or posted on the code before it. Nothing here talks to the internet.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../source/sandbox/index.js';
import { MAX_ELEMENTS } from '../../source/sources/feed-shape.js';
import { fixture, makeVideoBytes } from '../sandbox/helpers.js';
import { openTestStore, redisPass } from './cli.js';
import {
  CONTROL,
  hostileServer,
  outwardAddress,
  peakRssMb,
  peakRssPreload,
  redirect,
  runCliIn,
  send,
} from './hostile-helpers.js';
import { expectOneLine, ids, rfc822, sandboxWithAna } from './sources-helpers.js';

const MiB = 1024 * 1024;
const clip = makeVideoBytes(300 * 1024 + 11);
let sandbox: Sandbox;
let env: Record<string, string>;
let server: Awaited<ReturnType<typeof hostileServer>>;
const feeds: Record<string, string> = {};

/** An RSS document of raw item XML (the attacker writes whatever it likes). */
const rss = (items: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>${items}</channel></rss>`;
const item = (id: string, inner: string) =>
  `<item><guid>${id}</guid><pubDate>${rfc822(Date.now() - 60_000)}</pubDate>${inner}</item>`;

const fromFeed = (path: string, flags: string[] = [], extraEnv: Record<string, string> = {}) =>
  runCliIn(
    [
      ...['publish', '--network', 'tiktok', '--tiktok-username', 'ana', '--action', 'last-from-feed'],
      ...['--feed-url', server.url(path), '--tiktok-privacy-status', 'SELF_ONLY', ...flags],
    ],
    { ...env, ...extraEnv },
  );

const posts = () => [...sandbox.state.publishes.values()];

beforeAll(async () => {
  ({ sandbox, env } = await sandboxWithAna());
  const routes: Record<string, ReturnType<typeof send>> = {
    '/clip.mp4': send(clip, 'video/mp4'),
    '/to-file': redirect('file:///etc/passwd'),
    '/photo.jpg': send(fixture('sample.jpg'), 'image/jpeg'),
  };
  server = await hostileServer(
    new Proxy(routes, {
      get: (target, path: string) =>
        target[path] ?? (feeds[path] ? send(feeds[path], 'application/rss+xml') : undefined),
    }),
  );
});

afterAll(async () => {
  await server?.close();
  await sandbox?.close();
});

describe('a hostile feed', () => {
  it('a title of 400 000 "<a" (quadratic in a backtracking regex) neither hangs the run nor the lock', async () => {
    feeds['/slow-title.xml'] = rss(
      item('slow', `<title>${'&lt;a'.repeat(400_000)}</title><enclosure url="${server.url('/clip.mp4')}"/>`),
    );
    // The old cleanTitle took 86 s on this; the budget is generous, the assertion is only that it ends.
    const dry = await fromFeed('/slow-title.xml', ['--dry-run']);
    expect(dry.killed).toBe(false);
    expect(dry.code, dry.stderr).toBe(0);
    const preview = JSON.parse(dry.stdout.trim());
    expect(preview.title.length).toBeLessThanOrEqual(2200);
    const real = await fromFeed('/slow-title.xml');
    expect(real.killed).toBe(false);
    expect(real.code, real.stderr).toBe(0);
    expect(ids(real.stdout)).toHaveLength(1);
  }, 120_000);

  it('control sequences in a title reach neither the terminal nor the caption', async () => {
    // ESC ] 0 ; … BEL retitles a terminal, ESC [ 2 J clears it, U+009B is an 8-bit CSI; raw and as references.
    const evil = 'Hi \u001b]0;pwned\u0007 there\u001b[2J &#27;[31mred &#x9b;1m&#7;end';
    feeds['/control.xml'] = rss(
      item('control', `<title>${evil}</title><enclosure url="${server.url('/clip.mp4')}"/>`),
    );
    const dry = await fromFeed('/control.xml', ['--dry-run', '--debug']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).not.toMatch(CONTROL);
    expect(dry.stdout).not.toMatch(CONTROL);
    const real = await fromFeed('/control.xml', ['--debug']);
    expect(real.code, real.stderr).toBe(0);
    expect(real.stderr).not.toMatch(CONTROL);
    const [id] = ids(real.stdout);
    const caption = String(sandbox.state.publishes.get(id!)?.post_info?.title);
    expect(caption).not.toMatch(CONTROL);
    expect(caption).toContain('pwned');
    expect(caption).toContain('end');
  });

  it('enclosures on link-local and private addresses are refused before any connection (exit 2)', async () => {
    const before = posts().length;
    for (const target of [
      'http://169.254.169.254/latest/meta-data.mp4',
      'http://10.255.255.1/x.mp4',
      'http://[fd00::1]/x.mp4',
    ]) {
      const name = `/internal-${before}-${target.length}.xml`;
      feeds[name] = rss(
        item(`internal-${target}`, `<title>internal</title><enclosure url="${target}" type="video/mp4"/>`),
      );
      const r = await fromFeed(name);
      expectOneLine(
        r,
        2,
        /(link-local|private) address; media named by a feed or a sheet may not point there/,
      );
    }
    feeds['/internal-photo.xml'] = rss(
      item('internal-photo', '<title>p</title><enclosure url="http://192.168.0.1/a.jpg" type="image/jpeg"/>'),
    );
    expectOneLine(await fromFeed('/internal-photo.xml'), 2, /private address/);
    expect(posts().length).toBe(before);
  });

  it('a redirect from http to file:// is a bad URL (exit 2), for the feed and for its media', async () => {
    feeds['/to-file-media.xml'] = rss(
      item('to-file', `<title>f</title><enclosure url="${server.url('/to-file')}" type="video/mp4"/>`),
    );
    expectOneLine(await fromFeed('/to-file-media.xml'), 2, /redirects to a URL that is not http\(s\)/);
    expectOneLine(await fromFeed('/to-file'), 2, /redirects to a URL that is not http\(s\)/);
  });

  it('a ledger entry keeps a hash and a short title, not a 100 kB guid and title', async () => {
    const guid = `g${'x'.repeat(100_000)}`;
    feeds['/long.xml'] = rss(
      `<item><guid>${guid}</guid><pubDate>${rfc822(Date.now() - 60_000)}</pubDate><title>${'T'.repeat(
        100_000,
      )}</title><enclosure url="${server.url('/clip.mp4')}"/></item>`,
    );
    const r = await fromFeed('/long.xml');
    expect(r.code, r.stderr).toBe(0);
    // The config file stays small (the Redis pass keeps the ledger in Redis: its entries are checked).
    if (!redisPass)
      expect(readFileSync(join(env.AGORAS_CONFIG_DIR!, 'config.json'), 'utf8').length).toBeLessThan(20_000);
    const store = await openTestStore(env);
    const ledger = (await store.ledger()) as Record<string, { label: string }>;
    await store.close();
    expect(JSON.stringify(ledger).length).toBeLessThan(20_000);
    const keys = Object.keys(ledger);
    expect(keys.every((k) => k.length < 100)).toBe(true);
    expect(Object.values(ledger).every((e) => e.label.length <= 80)).toBe(true);
    // And the rerun finds it: not posted twice.
    const again = await fromFeed('/long.xml');
    expect(again.code, again.stderr).toBe(0);
    expect(ids(again.stdout)).toEqual([]);
  });
});

describe('memory for a feed at the 8 MiB cap, of any shape (peak RSS measured in the child)', () => {
  const preload = () => ({ NODE_OPTIONS: `--import=${peakRssPreload()}` });
  const size = Math.floor(7.9 * MiB);
  /** As many items as the cap and the shape check let through. */
  const manyItems = () => {
    const one = (i: number) =>
      item(`i${i}`, `<title>Entry ${i}</title><enclosure url="http://e/v/${i}.mp4" type="video/mp4"/>`);
    // Five elements an item: the element limit comes first, at about 7 MiB.
    const count = Math.min(Math.floor((size - 200) / one(99_999).length), Math.floor((MAX_ELEMENTS - 4) / 5));
    return rss(Array.from({ length: count }, (_, i) => one(i)).join(''));
  };
  const accepted: Record<string, () => string> = {
    // 100 000 items took 406 MB before issue 13; about 45 000 fit under the cap now.
    'as many items as are read (49 999)': manyItems,
    'one 7.9 MiB title': () => rss(item('t', `<title>${'&lt;a'.repeat(Math.floor(size / 5))}</title>`)),
  };
  // The target is 250 MB on Node 20, the version agoras supports first (215–227 MB measured). Node 24's
  // V8 keeps far more heap for the same parse: 341–344 MB measured in CI's Node 24 pass. There the
  // bound is 375 MB, a guard against a regression, not the target (see README, Performance ⁴).
  const limitMb = Number(process.versions.node.split('.')[0]) >= 22 ? 375 : 250;
  for (const [name, make] of Object.entries(accepted)) {
    it(`${name}: at most ${limitMb} MB, and the run ends`, async () => {
      const path = `/mem-${name.replace(/\W/g, '')}.xml`;
      feeds[path] = make();
      expect(feeds[path]!.length).toBeGreaterThan(6.5 * MiB);
      const r = await fromFeed(path, ['--dry-run', '--post-lookback', '60'], preload());
      expect(r.killed).toBe(false);
      expect(r.code, r.stderr).toBe(0);
      expect(peakRssMb(r.stderr)).toBeLessThanOrEqual(limitMb);
    }, 120_000);
  }

  it('one 7.9 MiB attribute (837 MB in rss-parser) is refused in one line before it is built', async () => {
    feeds['/mem-attribute.xml'] = rss(
      item(
        'huge',
        `<title>h</title><enclosure url="http://e/${'a'.repeat(size - 400)}.mp4" type="video/mp4"/>`,
      ),
    );
    const r = await fromFeed('/mem-attribute.xml', ['--dry-run', '--post-lookback', '60'], preload());
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/agoras: The feed has more than 2 MiB of attribute values/);
    expect(peakRssMb(r.stderr)).toBeLessThanOrEqual(limitMb);
  }, 120_000);

  it('a feed over the cap is refused while it downloads', async () => {
    feeds['/mem-over.xml'] = rss(item('t', `<title>${'a'.repeat(9 * MiB)}</title>`));
    expectOneLine(await fromFeed('/mem-over.xml', ['--dry-run']), 2, /larger than 8 MiB/);
  });
});

// The attack as reported: the feed is on a public host, its enclosure on this machine's loopback.
// A feed on this machine's LAN address stands in for "not loopback": loopback media is then refused.
const outward = outwardAddress();
describe.skipIf(!outward)(`a feed on ${outward ?? 'a LAN address'} naming media on loopback`, () => {
  let lan: Awaited<ReturnType<typeof hostileServer>>;
  beforeAll(async () => {
    const loopClip = server.url('/clip.mp4');
    lan = await hostileServer(
      {
        '/loop.xml': (req, res) =>
          send(rss(item('loop', `<title>l</title><enclosure url="${loopClip}"/>`)), 'application/rss+xml')(
            req,
            res,
          ),
        '/name.xml': (req, res) =>
          send(
            rss(item('name', `<title>n</title><enclosure url="http://localhost:${server.port}/clip.mp4"/>`)),
            'application/rss+xml',
          )(req, res),
        '/hop.xml': (req, res) =>
          send(
            rss(item('hop', `<title>r</title><enclosure url="${lan.url('/hop.mp4')}"/>`)),
            'application/rss+xml',
          )(req, res),
        '/hop.mp4': redirect(loopClip),
      },
      outward,
    );
  });
  afterAll(async () => lan?.close());
  const run = (path: string, flags: string[] = []) =>
    runCliIn(
      [
        ...['publish', '--network', 'tiktok', '--tiktok-username', 'ana', '--action', 'last-from-feed'],
        ...['--feed-url', lan.url(path), '--tiktok-privacy-status', 'SELF_ONLY', ...flags],
      ],
      env,
    );

  it('refuses 127.0.0.1 by address, localhost after DNS, and a redirect to it', async () => {
    const before = posts().length;
    const served = server.requests.filter((p) => p === '/clip.mp4').length;
    expectOneLine(await run('/loop.xml'), 2, /127\.0\.0\.1 is a loopback address/);
    expectOneLine(await run('/name.xml'), 2, /localhost.* is a loopback address/);
    expectOneLine(await run('/hop.xml'), 2, /127\.0\.0\.1 is a loopback address/);
    expect(posts().length).toBe(before);
    expect(server.requests.filter((p) => p === '/clip.mp4').length).toBe(served); // never fetched
  });

  it('--allow-private-media lets the user say the feed is trusted', async () => {
    const r = await run('/loop.xml', ['--allow-private-media']);
    expect(r.code, r.stderr).toBe(0);
    expect(ids(r.stdout)).toHaveLength(1);
  });
});
