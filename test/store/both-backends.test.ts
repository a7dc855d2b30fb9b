import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postRecorded, TAKEN } from '../../source/core/ledger.js';
import { migrateStore } from '../../source/store/migrate.js';
import { openStore } from '../../source/store/open.js';
import type { AccountRecord, StateStore } from '../../source/store/state-store.js';
import { videoJob } from '../core/harness.js';
import { type RedisServer, SKIP_REASON, startRedisServer, titled } from './redis/redis-server.js';

// The same store API, the same answers, on the conf file and on a real redis-server: each test
// gets a fresh store of each kind (a new config dir; a new Redis database).
let server: RedisServer | undefined;
let nextDb = 1;

beforeAll(async () => {
  if (!SKIP_REASON) server = await startRedisServer({ databases: 256 });
});
afterAll(async () => {
  await server?.stop();
});

const backends = [
  ['file', () => openStore({ configDir: mkdtempSync(join(tmpdir(), 'agoras-both-')), namespace: 'config' })],
  [
    'redis',
    () =>
      openStore({
        url: `${server!.url.replace(/\/0$/, '')}/${nextDb++}`,
        insecure: true,
        namespace: 'config',
      }),
  ],
] as const;

function account(username: string, n = 1): AccountRecord {
  return {
    username,
    openId: `open-${username}`,
    clientKey: 'ck',
    clientSecret: `cs-${username}`,
    accessToken: `act.${username}.${n}`,
    accessExpiresAt: Date.now() + 3_600_000,
    refreshToken: `rft.${username}.${n}`,
    refreshExpiresAt: Date.now() + 86_400_000,
    scopes: ['video.publish'],
    updatedAt: 0,
  };
}

describe.each(backends)(titled('the %s store'), (kind, open) => {
  const skip = kind === 'redis' && Boolean(SKIP_REASON);
  let store: StateStore;
  const fresh = async () => {
    store = await open();
    return store;
  };

  it.skipIf(skip)(
    'keeps accounts, the default (the only one, else the one set) and removes them',
    async () => {
      await fresh();
      await store.saveAccount(account('ana'));
      expect(await store.defaultAccount()).toBe('ana');
      await store.saveAccount(account('bob'));
      expect(await store.defaultAccount()).toBeUndefined();
      await store.setDefault('bob');
      expect(Object.keys(await store.accounts()).sort()).toEqual(['ana', 'bob']);
      expect((await store.account('ana'))?.refreshToken).toBe('rft.ana.1');
      await store.removeAccount('bob');
      expect(await store.defaultAccount()).toBe('ana');
      expect(await store.counts()).toMatchObject({ accounts: 1 });
      await store.close();
    },
  );

  it.skipIf(skip)(
    'two runners claiming one item from the same look at the ledger: exactly one wins',
    async () => {
      const a = await fresh();
      const b =
        kind === 'file' ? a : await openStore({ url: a.location, insecure: true, namespace: 'config' });
      const intent = (owner: string) => ({ at: Date.now(), state: 'pending' as const, owner });
      const wins = await Promise.all([
        a.claimPosted('feed:ana:x', intent('a'), { expected: undefined }),
        b.claimPosted('feed:ana:x', intent('b'), { expected: undefined }),
      ]);
      expect(wins.filter(Boolean)).toHaveLength(1);
      // A claim from an older look (the entry changed since) loses too.
      expect(await a.claimPosted('feed:ana:x', intent('c'), { expected: undefined })).toBe(false);
      if (b !== a) await b.close();
      await a.close();
    },
  );

  it.skipIf(skip)(
    'postRecorded: an item another run finished meanwhile is TAKEN, never posted again',
    async () => {
      await fresh();
      await store.recordPosted('feed:ana:y', { at: 1, state: 'done', publishId: 'v_1' });
      let posted = 0;
      const result = await postRecorded(
        'feed:ana:y',
        'Y',
        videoJob('/v.mp4'),
        async () => void posted++,
        store,
      );
      expect(result).toBe(TAKEN);
      expect(posted).toBe(0);
      const fresh2 = await postRecorded(
        'feed:ana:z',
        'Z',
        videoJob('/v.mp4'),
        async (_job, onId) => {
          posted++;
          await onId('v_2', {});
        },
        store,
      );
      expect(fresh2).toBeUndefined();
      expect(await store.posted('feed:ana:z')).toMatchObject({ state: 'done', publishId: 'v_2' });
      await store.close();
    },
  );

  it.skipIf(skip)('post records: saved, listed newest first, updated, pruned and removed', async () => {
    await fresh();
    const records = store.records('ana');
    const base = { username: 'ana', kind: 'video' as const, title: 't', media: '/v.mp4', settings: 's' };
    await records.save({ ...base, publishId: 'p1', at: 1 });
    await records.save({ ...base, publishId: 'p2', at: 2 });
    await records.update('p1', (r) => ({ ...r, closed: true }));
    expect((await records.list()).map((r) => r.publishId)).toEqual(['p2', 'p1']);
    expect((await store.findPostRecord('p1'))?.closed).toBe(true);
    expect(await store.recordAccounts()).toEqual(['ana']);
    await records.prune(); // both are past a year old
    expect(await records.list()).toEqual([]);
    await store.close();
  });

  it.skipIf(skip)(
    'an account lock is held by one run at a time; a second waits, then is refused clearly',
    async () => {
      await fresh();
      const held = await store.lockAccount('ana');
      await expect(store.lockAccount('ana', 100)).rejects.toThrow(/still/);
      await held.release();
      const again = await store.lockAccount('ana', 100);
      await again.release();
      await store.close();
    },
  );

  it.skipIf(skip)(
    'migrates everything to the other kind and back, copying nothing the second time',
    async () => {
      await fresh();
      await store.saveAccount(account('ana'));
      await store.recordPosted('feed:ana:x', { at: 1, state: 'done' });
      await store.records('ana').save({
        publishId: 'p1',
        username: 'ana',
        at: Date.now(),
        kind: 'photo',
        title: 't',
        media: 'https://x/1.jpg',
        settings: 's',
      });
      const other = kind === 'file' ? await backends[1][1]() : await backends[0][1]();
      const first = await migrateStore(store, other);
      expect(first).toEqual({
        accounts: { copied: 1, kept: 0 },
        ledger: { copied: 1, kept: 0 },
        records: { copied: 1, kept: 0 },
      });
      const second = await migrateStore(store, other);
      expect(second.accounts.copied + second.ledger.copied + second.records.copied).toBe(0);
      expect((await other.account('ana'))?.refreshToken).toBe('rft.ana.1');
      expect(await other.defaultAccount()).toBe('ana');
      await other.close();
      await store.close();
    },
  );
});
