// TikTok on a bad day: an error text that quotes a token, and an init whose answer never arrives
// (TikTok created the post, we cannot know): the next run does not post it again unless told to.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../source/sandbox/index.js';
import type { StateStore } from '../../source/store/state-store.js';
import { fixture } from '../sandbox/helpers.js';
import { openTestStore } from './cli.js';
import { CONTROL, hostileServer, runCliIn, send } from './hostile-helpers.js';
import { expectOneLine, ids, publishesTitled, rfc822, sandboxWithAna } from './sources-helpers.js';

let sandbox: Sandbox;
let env: Record<string, string>;
let media: Awaited<ReturnType<typeof hostileServer>>;
/** The store the CLIs use (the file, or Redis in the Redis pass), for one look or change. */
async function inStore<T>(fn: (store: StateStore) => Promise<T>): Promise<T> {
  const store = await openTestStore(env);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
const saved = () => inStore(async (s) => (await s.account('ana'))!);

beforeAll(async () => {
  ({ sandbox, env } = await sandboxWithAna());
  media = await hostileServer({
    '/a.jpg': send(fixture('sample.jpg'), 'image/jpeg'),
    '/photo.xml': (req, res) =>
      send(
        `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><guid>uncertain-photo</guid><title>Uncertain photo</title><pubDate>${rfc822(
          Date.now() - 60_000,
        )}</pubDate><enclosure url="${media.url('/a.jpg')}" type="image/jpeg"/></item></channel></rss>`,
        'application/rss+xml',
      )(req, res),
  });
});

afterAll(async () => {
  await media?.close();
  await sandbox?.close();
});

describe("TikTok's error text", () => {
  // A stand-in for TikTok that echoes the first 30 characters of the token it was sent.
  let echo: Awaited<ReturnType<typeof hostileServer>>;
  beforeAll(async () => {
    echo = await hostileServer({
      '/v2/post/publish/creator_info/query/': (req, res) => {
        const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
        const body = JSON.stringify({
          error: {
            code: 'invalid_param',
            message: `token ${token.slice(0, 30)} is not valid \u001b[2J\u001b]0;x\u0007`,
          },
        });
        res.writeHead(400, { 'content-type': 'application/json' }).end(body);
      },
      '/v2/oauth/token/': (req, res) => {
        let form = '';
        req.on('data', (d) => {
          form += d;
        });
        req.on('end', () => {
          const refresh = new URLSearchParams(form).get('refresh_token') ?? '';
          const body = JSON.stringify({
            error: 'invalid_request',
            error_description: `refresh_token ${refresh.slice(0, 30)}… is malformed`,
          });
          res.writeHead(400, { 'content-type': 'application/json' }).end(body);
        });
      },
    });
  });
  afterAll(async () => echo?.close());
  const video = ['publish', '--network', 'tiktok', '--tiktok-username', 'ana', '--action', 'video'];
  const args = [
    ...video,
    ...['--tiktok-video-url', join(import.meta.dirname, '../fixtures/sample.mp4'), '--tiktok-title', 'T'],
    ...['--tiktok-privacy-status', 'SELF_ONLY', '--debug'],
  ];

  it('quoting a 30-character prefix of the access token is printed masked, on one line', async () => {
    const token = (await saved()).accessToken;
    const r = await runCliIn(args, { ...env, TIKTOK_API_BASE_URL: echo.base });
    expectOneLine(r, 2, /TikTok rejected the request: token act\.••••/);
    expect(r.stderr).not.toContain(token.slice(4, 16));
    expect(r.stderr).not.toMatch(CONTROL);
  });

  it('quoting a prefix of the refresh token is masked too', async () => {
    const original = await saved();
    await inStore((s) => s.saveAccount({ ...original, accessExpiresAt: 0 }));
    try {
      const refresh = original.refreshToken;
      const r = await runCliIn(args, { ...env, TIKTOK_API_BASE_URL: echo.base });
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toMatch(/rft\.••••/);
      expect(r.stderr).not.toContain(refresh.slice(4, 16));
    } finally {
      await inStore((s) => s.saveAccount(original));
    }
  });
});

describe('an init TikTok accepted but whose answer never came', () => {
  // In front of the sandbox: relays every call, but once drops the connection after TikTok has
  // created the photo post, so the post exists and agoras never hears its publish ID.
  let relay: Awaited<ReturnType<typeof hostileServer>>;
  let dropNextInit = false;
  beforeAll(async () => {
    const forward = (req: IncomingMessage, res: ServerResponse) => {
      const parts: Buffer[] = [];
      req.on('data', (d: Buffer) => parts.push(d));
      req.on('end', async () => {
        const headers: Record<string, string> = {};
        for (const name of ['authorization', 'content-type']) {
          if (req.headers[name]) headers[name] = String(req.headers[name]);
        }
        const answer = await request(`${sandbox.urls.tiktokApiBaseUrl}${req.url}`, {
          method: req.method as 'POST',
          headers,
          body: parts.length ? Buffer.concat(parts) : undefined,
        });
        const body = Buffer.from(await answer.body.arrayBuffer());
        if (dropNextInit && req.url === '/v2/post/publish/content/init/') {
          dropNextInit = false;
          req.socket.destroy();
          return;
        }
        res
          .writeHead(answer.statusCode, { 'content-type': String(answer.headers['content-type']) })
          .end(body);
      });
    };
    relay = await hostileServer(new Proxy({} as Record<string, typeof forward>, { get: () => forward }));
  });
  afterAll(async () => relay?.close());

  const feed = (...flags: string[]) =>
    runCliIn(
      [
        ...['publish', '--network', 'tiktok', '--tiktok-username', 'ana', '--action', 'last-from-feed'],
        ...['--feed-url', media.url('/photo.xml'), '--tiktok-privacy-status', 'SELF_ONLY', ...flags],
      ],
      { ...env, TIKTOK_API_BASE_URL: relay.base },
    );

  it('is recorded as pending before the init, and not posted again without --retry-uncertain', async () => {
    dropNextInit = true;
    const first = await feed();
    expect(first.code, first.stderr).toBe(5);
    expect(publishesTitled(sandbox, 'Uncertain photo')).toHaveLength(1); // TikTok has it
    const ledger = await inStore((s) => s.ledger());
    expect(Object.values(ledger)).toEqual([
      expect.objectContaining({ state: 'pending', label: 'Uncertain photo' }),
    ]);

    const second = await feed();
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(
      /may have posted it and TikTok cannot tell; not posting it again \(pass --retry-uncertain/,
    );
    expect(ids(second.stdout)).toEqual([]);
    expect(publishesTitled(sandbox, 'Uncertain photo')).toHaveLength(1); // never twice on its own

    const told = await feed('--retry-uncertain');
    expect(told.code, told.stderr).toBe(0);
    expect(ids(told.stdout)).toHaveLength(1);
    // Done now: the env twin finds nothing left to retry.
    const again = await runCliIn(
      [
        ...['publish', '--network', 'tiktok', '--tiktok-username', 'ana', '--action', 'last-from-feed'],
        ...['--feed-url', media.url('/photo.xml'), '--tiktok-privacy-status', 'SELF_ONLY'],
      ],
      { ...env, TIKTOK_API_BASE_URL: relay.base, AGORAS_RETRY_UNCERTAIN: '1' },
    );
    expect(again.code, again.stderr).toBe(0);
    expect(ids(again.stdout)).toEqual([]);
    expect(publishesTitled(sandbox, 'Uncertain photo')).toHaveLength(2);
  });
});
