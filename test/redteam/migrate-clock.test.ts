import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session } from '../../source/auth/session.js';
import { migrateStore } from '../../source/store/migrate.js';
import { openStore } from '../../source/store/open.js';
import type { AccountRecord } from '../../source/store/state-store.js';
import { createHarness } from '../core/harness.js';
import { type RedisServer, SKIP_REASON, startRedisServer, titled } from '../store/redis/redis-server.js';

/**
 * `store migrate` from a host whose clock runs 10 minutes ahead: its copy of an account is older
 * (the shared store rotated the tokens since) but carries a later `updatedAt`. The rotation
 * generation decides, never the clock: the rotated tokens stay.
 */
let server: RedisServer | undefined;
beforeAll(async () => {
  if (!SKIP_REASON) server = await startRedisServer({ databases: 16 });
});
afterAll(async () => {
  await server?.stop();
});

const account = (n: number, extra: Partial<AccountRecord> = {}): AccountRecord => ({
  username: 'ana',
  openId: 'open-ana',
  clientKey: 'ck',
  clientSecret: 'cs',
  accessToken: `act.ana.${n}`,
  accessExpiresAt: Date.now() + 3_600_000,
  refreshToken: `rft.ana.${n}`,
  refreshExpiresAt: Date.now() + 86_400_000,
  scopes: ['video.publish'],
  updatedAt: 0,
  ...extra,
});

describe.skipIf(SKIP_REASON)(titled('store migrate and clocks that disagree'), () => {
  it('a copy stamped later by a fast clock never overwrites tokens rotated since', async () => {
    const file = await openStore({
      configDir: mkdtempSync(join(tmpdir(), 'agoras-skew-')),
      namespace: 'config',
    });
    const redis = await openStore({
      url: `${server!.url.replace(/\/0$/, '')}/3`,
      insecure: true,
      namespace: 'config',
    });
    // Both started from generation 4; the fleet rotated once more (5) on a correct clock; the
    // fast host's copy is still generation 4, written "10 minutes later".
    await redis.saveAccount(account(5, { generation: 5 }));
    await file.saveAccount(account(4, { generation: 4, updatedAt: Date.now() + 600_000 }));
    const counts = await migrateStore(file, redis);
    expect(counts.accounts).toEqual({ copied: 0, kept: 1 });
    expect((await redis.account('ana'))?.refreshToken).toBe('rft.ana.5');
    // A copy of a later generation is copied, whatever its clock said.
    await file.saveAccount(account(6, { generation: 6, updatedAt: 1 }));
    expect((await migrateStore(file, redis)).accounts).toEqual({ copied: 1, kept: 0 });
    expect((await redis.account('ana'))?.refreshToken).toBe('rft.ana.6');
    await file.close();
    await redis.close();
  });

  it('each refresh moves the generation forward by one', async () => {
    const h = await createHarness();
    try {
      const before = (await h.store.account('ana'))!;
      await h.store.saveAccount({ ...before, accessExpiresAt: Date.now() - 1 });
      await new Session(h.store, 'ana', h.sandbox.urls.tiktokApiBaseUrl, h.http).accessToken();
      const after = (await h.store.account('ana'))!;
      expect(after.refreshToken).not.toBe(before.refreshToken);
      expect(after.generation).toBe((before.generation ?? 0) + 1);
    } finally {
      await h.close();
    }
  });
});
