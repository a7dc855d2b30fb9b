import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NO_TEMPLATE } from '../../source/core/reviewed-runs.js';
import { runFeed } from '../../source/core/run-feed.js';
import { createHttp } from '../../source/shared/http.js';
import type { PostJob } from '../../source/shared/post-job.js';
import { silentReporter } from '../../source/shared/reporter.js';
import { FileStateStore } from '../../source/store/file-store.js';
import { tempConfigDir } from '../e2e/cli.js';

/**
 * DNS rebinding: a feed's name answers one address for the fetch and another for the decision of
 * where its media may be. The name is resolved once; the feed is fetched from that address and the
 * decision is made on it. (A resolver that answers 127.0.0.1 first and a public address after.)
 */
const lookups: string[] = [];
vi.mock('node:dns/promises', async (original) => {
  const real = (await original()) as typeof import('node:dns/promises');
  const lookup = async (host: string, options?: unknown) => {
    if (!host.endsWith('.agoras.invalid')) return real.lookup(host, options as never);
    lookups.push(host);
    const address = lookups.length === 1 ? '127.0.0.1' : '198.51.100.7';
    return [{ address, family: 4 }];
  };
  return { ...real, lookup, default: { ...real, lookup } };
});

let port = 0;
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/rss+xml' });
  res.end(
    `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>One</title><guid>g1</guid><pubDate>${new Date().toUTCString()}</pubDate><enclosure url="http://127.0.0.1:${port}/v.mp4" type="video/mp4"/></item></channel></rss>`,
  );
});
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('a feed host resolved once', () => {
  it('the fetch and the media decision use the one answer', async () => {
    const http = createHttp({ timeoutMs: 5000 });
    const jobs: PostJob[] = [];
    const store = new FileStateStore({ configDir: tempConfigDir() });
    try {
      await runFeed(
        {
          mode: 'last',
          feedUrl: `http://feed.agoras.invalid:${port}/feed.xml`,
          maxCount: 1,
          lookbackSec: 3600,
          maxAgeDays: 30,
          template: NO_TEMPLATE,
          username: 'ana',
          dryRun: false,
          now: new Date(),
        },
        {
          store,
          reporter: silentReporter,
          http,
          status: async () => ({ status: 'PUBLISH_COMPLETE' }),
          post: async (job) => void jobs.push(job),
          preview() {},
        },
      );
    } finally {
      await http.close();
    }
    expect(lookups).toEqual(['feed.agoras.invalid']);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.origin).toMatchObject({ kind: 'feed', addresses: ['loopback'] });
  });
});
