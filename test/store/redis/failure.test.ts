import { afterEach, describe, expect, it } from 'vitest';
import { NetworkError } from '../../../source/shared/errors.js';
import { RedisStore, type RefreshTurn } from '../../../source/store/redis/index.js';
import { RedisStateStore } from '../../../source/store/redis/state.js';
import { account, closeAll, namespace, newKey, runners, settle, waitUntil } from './helpers.js';
import { type RedisServer, SKIP_REASON, startRedisServer, titled } from './redis-server.js';

function expectNetworkLine(error: unknown): void {
  expect(error).toBeInstanceOf(NetworkError);
  expect((error as NetworkError).exitCode).toBe(5);
  expect((error as NetworkError).message).toMatch(
    /^The store redis:\/\/127\.0\.0\.1:\d+\/0 failed: (the connection was lost|not connected \(the connection was lost\))\.$/,
  );
}

// A server with an fsync'd AOF: a kill -9 and a restart keep exactly what Redis acknowledged, so
// what the store left behind can be looked at afterwards.
describe.skipIf(SKIP_REASON)(titled('when Redis is killed mid-run'), () => {
  let server: RedisServer | undefined;
  const opened: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await closeAll(opened.splice(0));
    await server?.stop();
  });

  it('claims in flight fail with one clear line; afterwards each claim is wholly there or not at all', async () => {
    server = await startRedisServer({ persist: true });
    const open = () => RedisStateStore.open(server!.url, { namespace: 'config', insecure: true });
    const stores = await Promise.all([open(), open(), open(), open()]);
    opened.push(...stores);
    const claim = (store: RedisStateStore, key: string, owner: string, label?: string) =>
      store.claimPosted(key, { at: Date.now(), state: 'pending', owner, label }, { expected: undefined });
    const won = new Map<string, string>();
    const failed: { owner: string; key: string }[] = [];
    let done = 0;
    const loops = stores.map(async (store, r) => {
      const owner = `runner-${r}`;
      for (let i = 0; ; i++) {
        const key = `feed:${i}`;
        try {
          if (await claim(store, key, owner, `entry ${i}`)) won.set(key, owner);
          done++;
        } catch (error) {
          failed.push({ owner, key });
          return error;
        }
      }
    });
    await waitUntil(async () => done >= 400);
    await server.kill();
    const errors = await Promise.all(loops);
    for (const error of errors) expectNetworkLine(error);
    // Without a server the store answers at once with the same kind of line; it does not hang.
    const after = await settle(claim(stores[0]!, 'feed:late', 'runner-0'));
    expectNetworkLine(after.ok ? undefined : after.error);

    await server.restart();
    const check = await open();
    opened.push(check);
    const ledger = await check.ledger();
    // Every acknowledged claim survived, as its winner's.
    for (const [key, owner] of won) expect(ledger[key]?.owner, key).toBe(owner);
    // Every entry is whole (state, owner, label), and one nobody was told of belongs to a runner
    // whose claim of that very item failed with the connection.
    for (const [key, entry] of Object.entries(ledger)) {
      expect(entry).toMatchObject({ state: 'pending', label: `entry ${key.slice('feed:'.length)}` });
      if (!won.has(key)) expect(failed, key).toContainEqual({ owner: entry.owner, key });
    }
    expect(ledger['feed:late']).toBeUndefined();
    // The next run picks up where this one stopped: the items never claimed can be claimed.
    const next = Math.max(...Object.keys(ledger).map((k) => Number(k.slice(5)))) + 1;
    expect(await claim(check, `feed:${next}`, 'next-run')).toBe(true);
  }, 60_000);

  it('a rotation cut off by the kill either stored the new tokens and ended the turn, or neither', async () => {
    server = await startRedisServer({ persist: true });
    const ns = namespace();
    const key = newKey();
    const [store] = await runners(server.url, 1, { namespace: ns, key });
    opened.push(store!);
    await store!.accounts.save(account('ana', 0));
    let committed = 0;
    let failedIn: 'begin' | 'commit' | undefined;
    const loop = (async () => {
      for (let n = 1; ; n++) {
        let turn: RefreshTurn;
        try {
          turn = await store!.rotation.beginRefresh('ana', 600_000);
        } catch (error) {
          failedIn = 'begin';
          return error;
        }
        if (turn.role !== 'refresh') throw new Error('the turn was not ours');
        try {
          await store!.rotation.commitRotation('ana', turn.lease, account('ana', n));
          committed = n;
        } catch (error) {
          failedIn = 'commit';
          return error;
        }
      }
    })();
    await waitUntil(async () => committed >= 100);
    await server.kill();
    expectNetworkLine(await loop);

    await server.restart();
    const check = await RedisStore.open(server.url, { namespace: ns, key });
    opened.push(check);
    const stored = Number(/-(\d+)$/.exec((await check.accounts.get('ana'))!.refreshToken)![1]);
    const turnLeft = (await check.rotation.beginRefresh('ana', 1000)).role === 'wait';
    // Nothing acknowledged is lost, and nothing is half-done: new tokens come with the turn ended.
    expect(stored === committed || stored === committed + 1).toBe(true);
    if (stored === committed + 1) expect([failedIn, turnLeft]).toEqual(['commit', false]);
    if (stored === committed && failedIn === 'commit') expect(turnLeft).toBe(true);
  }, 60_000);
});
