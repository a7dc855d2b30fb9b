import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session, tokenFields } from '../../source/auth/session.js';
import { type Sandbox, startSandbox } from '../../source/sandbox/index.js';
import { createHttp } from '../../source/shared/http.js';
import { openStore } from '../../source/store/open.js';
import type { StateStore } from '../../source/store/state-store.js';
import { authorizeSandbox } from '../sandbox/helpers.js';
import { type RedisServer, SKIP_REASON, startRedisServer, titled } from './redis/redis-server.js';

// What only a store shared by many hosts must get right: one refresher, locks whose holder died,
// fencing after a lost lease, a rotated token through a Redis restart. A fresh database per test.
let server: RedisServer | undefined;
let nextDb = 1;

beforeAll(async () => {
  if (!SKIP_REASON) server = await startRedisServer({ databases: 64 });
});
afterAll(async () => {
  await server?.stop();
});

/** Authorizes 'ana' at the sandbox and saves her with an access token that has already expired. */
async function saveExpiredAna(sandbox: Sandbox, store: StateStore) {
  const tokens = await authorizeSandbox(sandbox);
  await store.saveAccount({
    username: 'ana',
    clientKey: sandbox.clientKey,
    clientSecret: sandbox.clientSecret,
    ...tokenFields(tokens, Date.now()),
    accessExpiresAt: Date.now() - 1000,
    updatedAt: Date.now(),
  });
  return tokens;
}

describe(titled('refresh-token rotation on one Redis store'), () => {
  it.skipIf(Boolean(SKIP_REASON))(
    'six runners with an expired access token at once: one refresh at TikTok, all get the new token, none is lost',
    async () => {
      const sandbox = await startSandbox({ statusDelayMs: 20 });
      const http = createHttp({ retryBaseMs: 10, timeoutMs: 5000 });
      const url = `${server!.url.replace(/\/0$/, '')}/${nextDb++}`;
      const runners = await Promise.all(
        Array.from({ length: 6 }, () => openStore({ url, insecure: true, namespace: 'config' })),
      );
      try {
        const tokens = await saveExpiredAna(sandbox, runners[0]!); // every runner needs a refresh
        const base = sandbox.urls.tiktokApiBaseUrl;
        // Every request to TikTok's token endpoint, counted on its way out.
        let tokenRequests = 0;
        const counted = {
          ...http,
          token: http.token.compose((dispatch) => (opts, handler) => {
            tokenRequests++;
            return dispatch(opts, handler);
          }),
        };
        const got = await Promise.all(runners.map((s) => new Session(s, 'ana', base, counted).accessToken()));
        expect(tokenRequests).toBe(1); // exactly one runner refreshed
        expect(new Set(got).size).toBe(1);
        const saved = await runners[0]!.account('ana');
        expect(saved?.accessToken).toBe(got[0]);
        expect(saved?.refreshToken).not.toBe(tokens.refresh_token);
        expect(sandbox.state.refreshTokens.get(saved!.refreshToken)?.revoked).toBeFalsy();
      } finally {
        await Promise.all(runners.map((s) => s.close()));
        await http.close();
        await sandbox.close();
      }
    },
  );
});

describe(titled('a Redis lock whose holder died'), () => {
  it.skipIf(Boolean(SKIP_REASON))(
    'left by a dead process of this host: taken at once; by another host: waited for until its lease ends',
    async () => {
      const url = `${server!.url.replace(/\/0$/, '')}/${nextDb++}`;
      const store = await openStore({ url, insecure: true, namespace: 'config' });
      const { connectRedis } = await import('../../source/store/redis/connect.js');
      const raw = await connectRedis(url);
      try {
        // A real pid that no longer runs: a child that has exited.
        const child = spawn(process.execPath, ['-e', '']);
        await new Promise((resolve) => child.on('exit', resolve));
        const host = hostname().replace(/[^\w.-]/g, '_');
        await raw.command(['SET', 'agoras:{config}:lock:ana', `7:${host}~${child.pid}~x`, 'PX', '60000']);
        const taken = await store.lockAccount('ana', 0);
        await taken.release();
        // The same dead pid on another host says nothing about that host's process: wait, then refuse.
        await raw.command(['SET', 'agoras:{config}:lock:ana', `8:elsewhere~${child.pid}~x`, 'PX', '60000']);
        await expect(store.lockAccount('ana', 200)).rejects.toThrow(/still working on 'ana'/);
      } finally {
        await raw.close();
        await store.close();
      }
    },
  );
});

describe(titled('fencing on Redis'), () => {
  it.skipIf(Boolean(SKIP_REASON))(
    'a run whose lock was lost (expired, taken over) cannot write the ledger: LeaseLostError, nothing written',
    async () => {
      const url = `${server!.url.replace(/\/0$/, '')}/${nextDb++}`;
      const store = await openStore({ url, insecure: true, namespace: 'config' });
      const { connectRedis } = await import('../../source/store/redis/connect.js');
      const raw = await connectRedis(url);
      try {
        const lock = await store.lockAccount('ana');
        await lock.store.recordPosted('feed:ana:1', { at: 1, state: 'pending' }); // held: written
        // The lease ends and another host takes the lock.
        await raw.command(['SET', 'agoras:{config}:lock:ana', '99:elsewhere~1~x', 'PX', '60000']);
        await expect(lock.store.recordPosted('feed:ana:2', { at: 2, state: 'pending' })).rejects.toThrow(
          /lock of 'ana' was lost/,
        );
        await expect(
          lock.store.claimPosted('feed:ana:3', { at: 3, state: 'pending' }, { expected: undefined }),
        ).rejects.toThrow(/was lost/);
        await expect(lock.store.forgetPosted('feed:ana:1')).rejects.toThrow(/was lost/);
        expect(Object.keys(await store.ledger())).toEqual(['feed:ana:1']);
        await lock.release(); // not ours any more: the other host's lock stays
        expect(await raw.command(['GET', 'agoras:{config}:lock:ana'])).toBe('99:elsewhere~1~x');
      } finally {
        await raw.close();
        await store.close();
      }
    },
  );
});

describe(titled('a Redis restart in the middle of a refresh'), () => {
  it.skipIf(Boolean(SKIP_REASON))(
    'TikTok rotated the token while the store was down: it is kept once the store is back, never lost',
    async () => {
      const persistent = await startRedisServer({ persist: true });
      const sandbox = await startSandbox({ statusDelayMs: 20 });
      const http = createHttp({ retryBaseMs: 10, timeoutMs: 10_000 });
      const store = await openStore({ url: persistent.url, insecure: true, namespace: 'config' });
      try {
        const tokens = await saveExpiredAna(sandbox, store);
        // TikTok takes its time answering the refresh; the store dies meanwhile, and comes back later.
        sandbox.faults.add({ endpoint: 'token', action: 'delay', delayMs: 600 });
        const session = new Session(store, 'ana', sandbox.urls.tiktokApiBaseUrl, http);
        const refreshed = session.accessToken();
        while (!sandbox.faults.hits.some((h) => h.endpoint === 'token'))
          await new Promise((r) => setTimeout(r, 5));
        await persistent.kill();
        await new Promise((r) => setTimeout(r, 2000)); // past TikTok's answer and the client's reconnects
        await persistent.restart();
        const token = await refreshed;
        const after = await openStore({ url: persistent.url, insecure: true, namespace: 'config' });
        const saved = await after.account('ana');
        await after.close();
        expect(saved?.accessToken).toBe(token);
        expect(saved?.refreshToken).not.toBe(tokens.refresh_token);
        expect(sandbox.state.refreshTokens.get(tokens.refresh_token)?.revoked).toBe(true); // the old one is dead
        expect(sandbox.state.refreshTokens.get(saved!.refreshToken)?.revoked).toBe(false); // the kept one works
      } finally {
        await store.close();
        await http.close();
        await sandbox.close();
        await persistent.stop();
      }
    },
  );
});

describe(titled('post records on Redis'), () => {
  it.skipIf(Boolean(SKIP_REASON))(
    'an upload URL is sealed at rest under the store key, and reads back whole',
    async () => {
      const url = `${server!.url.replace(/\/0$/, '')}/${nextDb++}`;
      const store = await openStore({
        url,
        key: Buffer.alloc(32, 3).toString('base64'),
        namespace: 'config',
      });
      const { connectRedis } = await import('../../source/store/redis/connect.js');
      const raw = await connectRedis(url);
      try {
        const upload = {
          uploadUrl: 'https://open-upload.tiktokapis.com/video/?upload_id=67890&upload_token=Xza123',
          expiresAt: Date.now() + 3_600_000,
          videoSize: 30,
          chunkSize: 10,
          totalChunkCount: 3,
          contentType: 'video/mp4',
          identity: { kind: 'file' as const, path: '/v.mp4', size: 30, mtimeMs: 1, edgeHash: 'x' },
          ackedChunks: 1,
        };
        const record = {
          publishId: 'p1',
          username: 'ana',
          at: 1,
          kind: 'video' as const,
          title: 't',
          media: '/v.mp4',
          settings: 's',
        };
        await store.records('ana').save({ ...record, upload });
        const stored = await raw.command<string>(['HGET', 'agoras:{config}:posts:ana', 'p1']);
        expect(stored).not.toContain('upload_token');
        expect((await store.records('ana').get('p1'))?.upload).toEqual(upload);
      } finally {
        await raw.close();
        await store.close();
      }
    },
  );
});
