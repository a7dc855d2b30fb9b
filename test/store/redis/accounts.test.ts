import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../source/shared/errors.js';
import { isSealed, RedisStore, type RedisStoreOptions } from '../../../source/store/redis/index.js';
import { account, namespace, newKey, settle } from './helpers.js';
import { SKIP_REASON, titled, useRedis } from './redis-server.js';

describe.skipIf(SKIP_REASON)(titled('accounts and resume records on Redis'), () => {
  const redis = useRedis<RedisStore>();

  async function open(options: RedisStoreOptions): Promise<RedisStore> {
    const store = await RedisStore.open(redis.server.url, { namespace: namespace(), ...options });
    redis.opened.push(store);
    return store;
  }

  it('saves, lists and removes accounts; the default is the one set, else the only one', async () => {
    const store = await open({ key: newKey(), now: () => 42 });
    expect(await store.accounts.getDefault()).toBeUndefined();
    expect(await store.accounts.save(account('ana'))).toEqual({ ...account('ana'), updatedAt: 42 });
    expect(await store.accounts.get('ana')).toEqual({ ...account('ana'), updatedAt: 42 });
    expect(await store.accounts.getDefault()).toBe('ana');
    await store.accounts.save(account('shop'));
    expect(await store.accounts.getDefault()).toBeUndefined();
    expect(await store.accounts.setDefault('nobody')).toBe(false);
    expect(await store.accounts.setDefault('shop')).toBe(true);
    expect(await store.accounts.getDefault()).toBe('shop');
    expect(Object.keys(await store.accounts.list()).sort()).toEqual(['ana', 'shop']);
    // Removing the default removes it as the default in the same step.
    expect(await store.accounts.remove('shop')).toBe(true);
    expect(await redis.raw.command(['EXISTS', `${store.prefix}default`])).toBe(0);
    expect(await store.accounts.remove('shop')).toBe(false);
    expect(await store.accounts.getDefault()).toBe('ana');
    expect(await store.ping()).toBeGreaterThanOrEqual(0);
  });

  it('seals every secret at rest; a wrong key, no key, or a value moved between accounts does not open', async () => {
    const key = newKey();
    const store = await open({ key });
    await store.accounts.save(account('ana'));
    await store.accounts.save(account('bob'));
    const stored = JSON.parse(await redis.raw.command<string>(['HGET', `${store.prefix}accounts`, 'ana']));
    for (const field of ['clientSecret', 'accessToken', 'refreshToken'])
      expect(isSealed(stored[field])).toBe(true);
    expect(JSON.stringify(stored)).not.toMatch(/rft\.|act\.|client-secret/);
    expect(stored.openId).toBe('open-ana');

    const ns = store.prefix.slice('agoras:{'.length, -2);
    const wrong = await open({ namespace: ns, key: newKey() });
    await expect(wrong.accounts.get('ana')).rejects.toThrow(/does not open with this AGORAS_STORE_KEY/);
    const keyless = await open({ namespace: ns, insecure: true });
    await expect(keyless.accounts.get('ana')).rejects.toThrow(
      /sealed tokens and AGORAS_STORE_KEY is not set/,
    );

    // Someone with write access swaps bob's sealed refresh token into ana's record: refused.
    const bob = JSON.parse(await redis.raw.command<string>(['HGET', `${store.prefix}accounts`, 'bob']));
    await redis.raw.command([
      'HSET',
      `${store.prefix}accounts`,
      'ana',
      JSON.stringify({ ...stored, refreshToken: bob.refreshToken }),
    ]);
    const swapped = await settle(store.accounts.get('ana'));
    expect(swapped.ok ? undefined : swapped.error).toBeInstanceOf(UsageError);
    expect((await store.accounts.get('bob'))?.refreshToken).toBe('rft.refresh-bob-1');
  });

  it('refuses to write tokens over plain redis:// without a key, unless allowed; nothing is written', async () => {
    const plain = await open({});
    const outcome = await settle(plain.accounts.save(account('ana')));
    expect(outcome.ok ? undefined : outcome.error).toBeInstanceOf(UsageError);
    expect(outcome.ok ? '' : (outcome.error as Error).message).toMatch(/Refusing to write tokens/);
    expect(await redis.raw.command(['EXISTS', `${plain.prefix}accounts`])).toBe(0);
    // A refresh is refused before TikTok is asked (its rotated token could not be stored), taking no turn.
    await redis.raw.command(['HSET', `${plain.prefix}accounts`, 'ana', JSON.stringify(account('ana'))]);
    await expect(plain.rotation.beginRefresh('ana', 30_000)).rejects.toThrow(/Refusing to write tokens/);
    expect(await redis.raw.command(['EXISTS', `${plain.prefix}refresh:ana`])).toBe(0);
    await redis.raw.command(['DEL', `${plain.prefix}accounts`]);
    // Reading needs no secrets: it works.
    expect(await plain.accounts.get('ana')).toBeUndefined();

    const insecure = await open({ insecure: true });
    await insecure.accounts.save(account('ana'));
    const stored = JSON.parse(await redis.raw.command<string>(['HGET', `${insecure.prefix}accounts`, 'ana']));
    expect(stored.refreshToken).toBe('rft.refresh-ana-1');
  });
});
