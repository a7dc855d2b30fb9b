// rss-parser (with xml2js and sax) loads only when a feed is read: never for --help or --version.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../source/sandbox/index.js';
import { hostileServer, runCliIn, send } from './hostile-helpers.js';
import { rfc822, sandboxWithAna } from './sources-helpers.js';

/** A preload that prints, as the process exits, whether rss-parser was ever loaded. */
function loadedPreload(): string {
  const path = join(tmpdir(), `agoras-loaded-${process.pid}.mjs`);
  writeFileSync(
    path,
    [
      "import { writeSync } from 'node:fs';",
      "import { createRequire } from 'node:module';",
      'const cache = createRequire(import.meta.url).cache;',
      "process.on('exit', () => writeSync(2, 'rss-parser-loaded ' + Object.keys(cache).some((k) => k.includes('/rss-parser/')) + '\\n'));",
      '',
    ].join('\n'),
  );
  return path;
}

let sandbox: Sandbox;
let env: Record<string, string>;
let server: Awaited<ReturnType<typeof hostileServer>>;
const loaded = (stderr: string) => /rss-parser-loaded (true|false)/.exec(stderr)?.[1];

beforeAll(async () => {
  ({ sandbox, env } = await sandboxWithAna());
  env = { ...env, NODE_OPTIONS: `--import=${loadedPreload()}` };
  const feed = `<rss version="2.0"><channel><title>t</title><item><guid>g</guid><pubDate>${rfc822(
    Date.now() - 60_000,
  )}</pubDate><title>Hello</title></item></channel></rss>`;
  server = await hostileServer({ '/feed.xml': send(feed, 'application/rss+xml') });
});

afterAll(async () => {
  await server?.close();
  await sandbox?.close();
});

describe('rss-parser is loaded lazily', () => {
  it('not for --help, --version or publish --help', async () => {
    for (const args of [['--help'], ['--version'], ['publish', '--help']]) {
      const r = await runCliIn(args, env);
      expect(r.code, r.stderr).toBe(0);
      expect(loaded(r.stderr), args.join(' ')).toBe('false');
    }
  });

  it('when a feed is read', async () => {
    const r = await runCliIn(
      [
        ...['publish', '--network', 'tiktok', '--tiktok-username', 'ana', '--action', 'last-from-feed'],
        ...['--feed-url', server.url('/feed.xml'), '--tiktok-privacy-status', 'SELF_ONLY', '--dry-run'],
      ],
      env,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(loaded(r.stderr)).toBe('true');
  });
});
