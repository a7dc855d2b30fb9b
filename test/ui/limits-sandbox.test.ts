import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_TEMPLATE } from '../../source/core/reviewed-runs.js';
import type { Runtime } from '../../source/core/runtime.js';
import { createAgoras } from '../../source/core/service.js';
import type { Sandbox } from '../../source/sandbox/index.js';
import type { Reporter } from '../../source/shared/reporter.js';
import { serveFiles } from '../sandbox/helpers.js';
import { sandboxRuntime } from './sandbox-runtime.js';

// The wizard's feed run (the service the wizard calls, on the CLI's real runtime) stops before the
// daily cap as the command line's does: 15 posts in 24 h are on record, so nothing more is sent.
const SAMPLE = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'sample.mp4'));
let sandbox: Sandbox;
let runtime: Runtime;
let files: Awaited<ReturnType<typeof serveFiles>>;

beforeAll(async () => {
  ({ sandbox, runtime } = await sandboxRuntime({ dailyCaps: false }));
  const served: Parameters<typeof serveFiles>[0] = { '/a.mp4': SAMPLE };
  files = await serveFiles(served);
  const item = (n: number) =>
    `<item><title>Clip ${n}</title><guid>clip-${n}</guid><pubDate>${new Date(Date.now() - n * 60_000).toUTCString()}</pubDate><enclosure url="${files.url('/a.mp4')}" type="video/mp4"/></item>`;
  served['/feed.xml'] = {
    contentType: 'application/rss+xml',
    body: `<?xml version="1.0"?><rss version="2.0"><channel><title>Clips</title>${item(1)}${item(2)}</channel></rss>`,
  };
  const records = runtime.store.records('ana');
  for (let i = 0; i < 15; i++) {
    await records.save({
      publishId: `v_pub_file~v2-1.10000000000000000${String(i).padStart(2, '0')}`,
      username: 'ana',
      at: Date.now() - (i + 1) * 60 * 60_000,
      kind: 'video',
      title: `Earlier ${i}`,
      media: '/earlier.mp4',
      settings: 's',
      mode: 'direct',
      closed: true,
    });
  }
});
afterAll(async () => {
  await files?.close();
  await runtime?.close();
  await sandbox?.close();
});

describe("the wizard's feed run", () => {
  it('stops before the daily cap and says how many entries are left, and from when', async () => {
    const agoras = createAgoras(runtime);
    const request = {
      username: 'ana',
      feedUrl: files.url('/feed.xml'),
      mode: 'last' as const,
      maxCount: 5,
      lookbackSec: 3600,
      maxAgeDays: 365,
    };
    const preview = await agoras.previewFeed(request, new AbortController().signal);
    expect(preview.items).toHaveLength(2);
    const warnings: string[] = [];
    const reporter: Reporter = { step() {}, progress() {}, info() {}, warn: (m) => void warnings.push(m) };
    const result = await agoras.runFeed(
      {
        ...request,
        plan: preview.plan,
        keys: preview.items.map((i) => i.key),
        template: NO_TEMPLATE,
      },
      reporter,
      new AbortController().signal,
    );
    expect(result.posted).toEqual([]);
    expect(sandbox.state.publishes.size).toBe(0);
    expect(warnings.join('\n')).toMatch(
      /Stopped before TikTok's cap: 15 posts in the last 24 h .*\. 2 feed entries left for a later run, from /,
    );
  });
});
