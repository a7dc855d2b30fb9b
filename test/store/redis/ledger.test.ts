import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedisLink, RedisStore } from '../../../source/store/redis/index.js';
import { closeAll, namespace, rawLink, runners } from './helpers.js';
import { type RedisServer, SKIP_REASON, startRedisServer, titled } from './redis-server.js';

describe.skipIf(SKIP_REASON)(titled('the ledger on Redis'), () => {
  let server: RedisServer;
  let raw: RedisLink;
  const stores: RedisStore[] = [];

  beforeAll(async () => {
    server = await startRedisServer();
    raw = await rawLink(server.url);
  });
  afterAll(async () => {
    await closeAll(stores);
    await raw?.close();
    await server?.stop();
  });

  async function fresh(n: number, now?: () => number): Promise<RedisStore[]> {
    const ns = namespace();
    const opened = await runners(server.url, n, { namespace: ns, insecure: true, ...(now ? { now } : {}) });
    stores.push(...opened);
    return opened;
  }

  it('8 runners claim the same items at once: exactly one claim per item, and it is the stored one', async () => {
    const all = await fresh(8);
    const items = Array.from({ length: 30 }, (_, i) => `feed:${i}`);
    const results = await Promise.all(
      items.map(async (key) => {
        const claims = await Promise.all(
          all.map((s, r) => s.ledger.claimPending(key, { owner: `runner-${r}` })),
        );
        return { key, winners: claims.flatMap((won, r) => (won ? [`runner-${r}`] : [])) };
      }),
    );
    for (const { key, winners } of results) {
      expect(winners, key).toHaveLength(1);
      expect((await all[0]!.ledger.get(key))?.owner).toBe(winners[0]);
    }
    expect(Object.keys(await all[3]!.ledger.list()).sort()).toEqual([...items].sort());
  });

  it('a pending, accepted or done item cannot be claimed again; forgetting frees it', async () => {
    const [a, b] = await fresh(2);
    expect(await a!.ledger.claimPending('row:7', { owner: 'a', label: 'Morning run' })).toBe(true);
    expect(await b!.ledger.claimPending('row:7', { owner: 'b' })).toBe(false);
    expect(await a!.ledger.markAccepted('row:7', 'v_pub_1', { videoSize: 55_432 })).toBe(true);
    expect(await b!.ledger.claimPending('row:7', { owner: 'b' })).toBe(false);
    expect(await a!.ledger.markDone('row:7')).toBe(true);
    expect(await b!.ledger.claimPending('row:7', { owner: 'b' })).toBe(false);
    expect(await b!.ledger.get('row:7')).toMatchObject({ state: 'done', owner: 'a', publishId: 'v_pub_1' });

    expect(await a!.ledger.claimPending('row:8', { owner: 'a' })).toBe(true);
    expect(await a!.ledger.forget('row:8')).toBe(true);
    expect(await a!.ledger.forget('row:8')).toBe(false);
    expect(await b!.ledger.claimPending('row:8', { owner: 'b' })).toBe(true);
    expect((await a!.ledger.get('row:8'))?.owner).toBe('b');
  });

  it('accepted never overwrites done; done keeps what the entry knew, numbers exact', async () => {
    let clock = 1_765_432_109_876;
    const [a] = await fresh(1, () => clock);
    expect(
      await a!.ledger.claimPending('feed:x', {
        owner: 'a',
        label: 'Ünïcödé “title” / 🎬',
        videoSize: 4_294_967_295,
      }),
    ).toBe(true);
    clock += 1;
    expect(await a!.ledger.markAccepted('feed:x', 'v_pub_file~v2-1.5732315450343567631')).toBe(true);
    clock += 1;
    expect(await a!.ledger.markDone('feed:x')).toBe(true);
    expect(await a!.ledger.markAccepted('feed:x', 'another-id')).toBe(false);
    expect(await a!.ledger.get('feed:x')).toEqual({
      state: 'done',
      at: 1_765_432_109_878,
      owner: 'a',
      label: 'Ünïcödé “title” / 🎬',
      videoSize: 4_294_967_295,
      publishId: 'v_pub_file~v2-1.5732315450343567631',
    });
    // A done record for an item never claimed (a confirmation after the fact) is fine too.
    expect(await a!.ledger.markDone('feed:y', { publishId: 'p-y' })).toBe(true);
    expect(await a!.ledger.get('feed:y')).toMatchObject({ state: 'done', publishId: 'p-y' });
    // Numbers the Lua merge could not keep exact are refused before anything is sent.
    await expect(a!.ledger.markDone('feed:z', { videoSize: 1.5 })).rejects.toThrow(RangeError);
    expect(await a!.ledger.get('feed:z')).toBeUndefined();
  });

  it('lives under the namespace prefix in one hash, away from other namespaces', async () => {
    const [a] = await fresh(1);
    const [other] = await fresh(1);
    await a!.ledger.claimPending('feed:1', { owner: 'a' });
    expect(await other!.ledger.get('feed:1')).toBeUndefined();
    expect(await other!.ledger.claimPending('feed:1', { owner: 'o' })).toBe(true);
    const stored = await raw.command<string>(['HGET', `${a!.prefix}ledger`, 'feed:1']);
    expect(JSON.parse(stored)).toMatchObject({ state: 'pending', owner: 'a' });
    expect(a!.prefix).toMatch(/^agoras:\{t[0-9a-f]+\}:$/);
  });
});
