import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError } from '../../../source/shared/errors.js';
import {
  LeaseLostError,
  type RedisLink,
  type RedisStore,
  type SharedAccount,
} from '../../../source/store/redis/index.js';
import { account, closeAll, namespace, newKey, rawLink, runners, settle, waitUntil } from './helpers.js';
import { type RedisServer, SKIP_REASON, startRedisServer, titled } from './redis-server.js';

/** TikTok's side of a refresh: each refresh token works once, and the answer rotates it. */
class FakeTikTok {
  refreshes = 0;
  readonly #valid = new Set<string>();
  constructor(first: SharedAccount) {
    this.#valid.add(first.refreshToken);
  }
  refresh(current: SharedAccount): SharedAccount {
    if (!this.#valid.delete(current.refreshToken))
      throw new Error(`refresh token reused: ${current.refreshToken}`);
    this.refreshes++;
    const n = Number(/-(\d+)$/.exec(current.refreshToken)![1]) + 1;
    const next = account(current.username, n);
    this.#valid.add(next.refreshToken);
    return next;
  }
}

describe.skipIf(SKIP_REASON)(titled('refresh-token rotation on Redis'), () => {
  let server: RedisServer;
  let raw: RedisLink;
  const opened: RedisStore[] = [];

  beforeAll(async () => {
    server = await startRedisServer();
    raw = await rawLink(server.url);
  });
  afterAll(async () => {
    await closeAll(opened);
    await raw?.close();
    await server?.stop();
  });

  async function fresh(n: number): Promise<RedisStore[]> {
    const stores = await runners(server.url, n, { namespace: namespace(), key: newKey() });
    opened.push(...stores);
    return stores;
  }

  it('8 runners needing a refresh at once: one refreshes, the others wait and all use the new tokens', async () => {
    const all = await fresh(8);
    await all[0]!.accounts.save(account('ana', 1));
    const tiktok = new FakeTikTok(account('ana', 1));

    for (let round = 1; round <= 5; round++) {
      const turns = await Promise.all(all.map((s) => s.rotation.beginRefresh('ana', 30_000)));
      expect(turns.filter((t) => t.role === 'refresh')).toHaveLength(1);
      for (const turn of turns) expect(turn.account.refreshToken).toBe(`rft.refresh-ana-${round}`);
      const seen = await Promise.all(
        turns.map(async (turn, i) => {
          if (turn.role === 'wait')
            return all[i]!.rotation.awaitRotation('ana', turn.account.refreshToken, 20_000);
          const next = tiktok.refresh(turn.account);
          await new Promise((resolve) => setTimeout(resolve, 50)); // TikTok takes a moment
          return all[i]!.rotation.commitRotation('ana', turn.lease, next);
        }),
      );
      for (const record of seen) {
        expect(record?.refreshToken).toBe(`rft.refresh-ana-${round + 1}`);
        expect(record?.accessToken).toBe(`act.access-ana-${round + 1}`);
      }
      // Stored and the turn ended in the same step: no lease is left behind.
      expect(await raw.command(['EXISTS', `${all[0]!.prefix}refresh:ana`])).toBe(0);
    }
    expect(tiktok.refreshes).toBe(5);
    // Sealed at rest: nothing of the tokens or the client secret is in Redis in clear.
    const stored = await raw.command<string>(['HGET', `${all[0]!.prefix}accounts`, 'ana']);
    expect(stored).not.toMatch(/rft\.|act\.|client-secret/);
    expect((await all[5]!.accounts.get('ana'))?.refreshToken).toBe('rft.refresh-ana-6');
  });

  it('a refresher whose turn expired cannot commit; the one holding the turn now can', async () => {
    const [a, b] = await fresh(2);
    await a!.accounts.save(account('ana', 1));
    const first = await a!.rotation.beginRefresh('ana', 50);
    expect(first.role).toBe('refresh');
    await waitUntil(async () => Number(await raw.command(['EXISTS', `${a!.prefix}refresh:ana`])) === 0);
    const second = await b!.rotation.beginRefresh('ana', 30_000);
    expect(second.role).toBe('refresh');
    if (first.role !== 'refresh' || second.role !== 'refresh') return;

    const lost = await settle(a!.rotation.commitRotation('ana', first.lease, account('ana', 2)));
    expect(lost.ok ? undefined : lost.error).toBeInstanceOf(LeaseLostError);
    expect((await b!.accounts.get('ana'))?.refreshToken).toBe('rft.refresh-ana-1');
    expect(await raw.command(['GET', `${a!.prefix}refresh:ana`])).toBe(second.lease.token);

    await b!.rotation.commitRotation('ana', second.lease, account('ana', 3));
    expect((await a!.accounts.get('ana'))?.refreshToken).toBe('rft.refresh-ana-3');
    // And an expired turn cannot commit over the newer tokens either, even with nobody refreshing.
    const late = await settle(a!.rotation.commitRotation('ana', first.lease, account('ana', 2)));
    expect(late.ok).toBe(false);
    expect((await a!.accounts.get('ana'))?.refreshToken).toBe('rft.refresh-ana-3');
  });

  it('when the refresher gives up, waiters are told so and one of them takes the turn', async () => {
    const [a, b, c] = await fresh(3);
    await a!.accounts.save(account('ana', 1));
    const turn = await a!.rotation.beginRefresh('ana', 30_000);
    const waiting = await b!.rotation.beginRefresh('ana', 30_000);
    expect([turn.role, waiting.role]).toEqual(['refresh', 'wait']);
    if (turn.role !== 'refresh') return;
    const awaited = b!.rotation.awaitRotation('ana', waiting.account.refreshToken, 20_000);
    expect(await c!.rotation.abandonRefresh({ ...turn.lease, token: `${turn.lease.fence}:not-mine` })).toBe(
      false,
    );
    expect(await a!.rotation.abandonRefresh(turn.lease)).toBe(true);
    expect(await awaited).toBeUndefined();
    expect((await b!.rotation.beginRefresh('ana', 30_000)).role).toBe('refresh');
  });

  it('an unknown account is an authorization error, and no turn is taken', async () => {
    const [a] = await fresh(1);
    const outcome = await settle(a!.rotation.beginRefresh('nobody', 30_000));
    expect(outcome.ok ? undefined : outcome.error).toBeInstanceOf(AuthError);
    expect(await raw.command(['EXISTS', `${a!.prefix}refresh:nobody`])).toBe(0);
  });
});
