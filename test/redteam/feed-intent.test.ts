import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NO_TEMPLATE } from '../../source/core/reviewed-runs.js';
import { feedKey, runFeed } from '../../source/core/run-feed.js';
import { silentReporter } from '../../source/shared/reporter.js';
import type { LedgerEntry } from '../../source/store/state-store.js';
import { createHarness, type Harness } from '../core/harness.js';

/**
 * A feed whose video drips: while the media is still downloading, nothing is recorded for the
 * entry (a run SIGKILLed here leaves nothing "uncertain"); the intent is taken only just before
 * TikTok is asked, so the stalled download ends with the ledger as it was.
 */
const video = readFileSync(join(import.meta.dirname, '../fixtures/sample.mp4'));
let h: Harness | undefined;
const servers: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
  delete process.env.AGORAS_DOWNLOAD_DEADLINE_MS;
  await h?.close();
});

describe('a feed entry is pending only when its post is about to be sent', () => {
  it('nothing in the ledger while its video downloads; nothing after the download gave up', async () => {
    h = await createHarness();
    process.env.AGORAS_DOWNLOAD_DEADLINE_MS = '1500';
    let whileDownloading: LedgerEntry | undefined | 'unseen' = 'unseen';
    let base = '';
    const key = feedKey('ana', { key: 'entry-1' });
    const server = createServer((req, res) => {
      if (req.url === '/feed.xml') {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(
          `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>Drip</title><guid>entry-1</guid><pubDate>${new Date().toUTCString()}</pubDate><enclosure url="${base}/v.mp4" type="video/mp4" length="${video.length}"/></item></channel></rss>`,
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(video.length) });
      res.write(video.subarray(0, 2000));
      // The download is under way: look at the ledger now, then let it drip.
      void h!.store.posted(key).then((entry) => {
        whileDownloading = entry;
      });
      const timer = setInterval(
        () => (res.destroyed ? clearInterval(timer) : res.write(video.subarray(2000, 2001))),
        50,
      );
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const result = await runFeed(
      {
        mode: 'last',
        feedUrl: `${base}/feed.xml`,
        maxCount: 1,
        lookbackSec: 3600,
        maxAgeDays: 30,
        template: NO_TEMPLATE,
        username: 'ana',
        dryRun: false,
        now: new Date(),
        allowPrivateMedia: true,
      },
      {
        store: h.store,
        reporter: silentReporter,
        http: h.http,
        status: (id) => h!.client.fetchStatus(id),
        post: (job, onId, beforeSend) =>
          h!.publish(job, { onPublishId: onId, ...(beforeSend ? { beforeInit: beforeSend } : {}) }),
        preview() {},
      },
    );
    expect(result.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/took longer than 1.5 s to download/),
    ]);
    expect(whileDownloading).toBeUndefined();
    expect(await h.store.posted(key)).toBeUndefined();
    expect(h.sandbox.state.publishes.size).toBe(0);
  }, 20_000);
});
