import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lease, RedisLink, RedisStore } from '../../../source/store/redis/index.js';
import { closeAll, namespace, rawLink, runners, waitUntil } from './helpers.js';
import { type RedisServer, SKIP_REASON, startRedisServer, titled } from './redis-server.js';

describe.skipIf(SKIP_REASON)(titled('per-account locks on Redis'), () => {
  let server: RedisServer;
  let raw: RedisLink;
  let stores: RedisStore[];
  let ns: string;
  const gone = (key: string) => async () => Number(await raw.command(['EXISTS', key])) === 0;

  beforeAll(async () => {
    server = await startRedisServer();
    raw = await rawLink(server.url);
  });
  afterAll(async () => {
    if (stores) await closeAll(stores);
    await raw?.close();
    await server?.stop();
  });

  async function fresh(n = 8): Promise<RedisStore[]> {
    if (stores) await closeAll(stores);
    ns = namespace();
    stores = await runners(server.url, n, { namespace: ns, insecure: true });
    return stores;
  }

  it('of 8 runners on 8 connections asking at once, exactly one holds the lock, every round', async () => {
    const all = await fresh(8);
    const fences: number[] = [];
    for (let round = 0; round < 25; round++) {
      const account = `acct-${round}`;
      const got = await Promise.all(all.map((s) => s.locks.acquire(account, 60_000)));
      const winners = got.filter((lease): lease is Lease => lease !== undefined);
      expect(winners).toHaveLength(1);
      const winner = winners[0]!;
      // The lock holds the winner's token, under the namespaced key, with a TTL.
      expect(await raw.command(['GET', `agoras:{${ns}}:lock:${account}`])).toBe(winner.token);
      expect(Number(await raw.command(['PTTL', `agoras:{${ns}}:lock:${account}`]))).toBeGreaterThan(0);
      fences.push(winner.fence);
      // Released by its owner, the next runner gets it with a larger fencing number.
      expect(await all[round % 8]!.locks.release(winner)).toBe(true);
      const next = await all[(round + 1) % 8]!.locks.acquire(account, 60_000);
      expect(next?.fence).toBeGreaterThan(winner.fence);
    }
    expect(new Set(fences).size).toBe(25);
    expect([...fences].sort((a, b) => a - b)).toEqual(fences);
  });

  it('only the owner renews or releases; a stranger or a stale owner changes nothing', async () => {
    const [a, b] = await fresh(2);
    const lease = (await a!.locks.acquire('ana', 5000))!;
    const key = `agoras:{${ns}}:lock:ana`;
    const forged: Lease = { ...lease, token: `${lease.fence}:someone-else` };
    expect(await b!.locks.renew(forged, 600_000)).toBe(false);
    expect(Number(await raw.command(['PTTL', key]))).toBeLessThanOrEqual(5000);
    expect(await b!.locks.release(forged)).toBe(false);
    expect(await raw.command(['GET', key])).toBe(lease.token);
    expect(await b!.locks.acquire('ana', 5000)).toBeUndefined();

    expect(await a!.locks.renew(lease, 600_000)).toBe(true);
    expect(Number(await raw.command(['PTTL', key]))).toBeGreaterThan(5000);

    // Once it has expired and another runner took it, the first owner can neither renew nor release.
    await raw.command(['PEXPIRE', key, '1']);
    await waitUntil(gone(key));
    const taken = (await b!.locks.acquire('ana', 60_000))!;
    expect(await a!.locks.renew(lease, 60_000)).toBe(false);
    expect(await a!.locks.release(lease)).toBe(false);
    expect(await raw.command(['GET', key])).toBe(taken.token);
    expect(await b!.locks.release(taken)).toBe(true);
    expect(await a!.locks.release(taken)).toBe(false);
  });

  it('a waiting acquire gets the lock once its holder releases it', async () => {
    const [a, b] = await fresh(2);
    const held = (await a!.locks.acquire('ana', 60_000))!;
    expect(await b!.locks.acquire('ana', 60_000)).toBeUndefined();
    const waiting = b!.locks.acquire('ana', 60_000, { waitMs: 20_000 });
    await new Promise((resolve) => setTimeout(resolve, 100)); // let it find the lock taken first
    expect(await a!.locks.release(held)).toBe(true);
    const lease = await waiting;
    expect(lease?.fence).toBeGreaterThan(held.fence);
  });
});
