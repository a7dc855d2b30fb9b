import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../source/shared/errors.js';
import {
  isSealed,
  RESUME_TTL_MS,
  type RedisLink,
  RedisStore,
  type RedisStoreOptions,
  type ResumeRecord,
} from '../../../source/store/redis/index.js';
import { account, namespace, newKey, rawLink, settle, waitUntil } from './helpers.js';
import { type RedisServer, SKIP_REASON, startRedisServer, titled } from './redis-server.js';

function resumeRecord(acked = 0): ResumeRecord {
  return {
    account: 'ana',
    publishId: 'v_inbox_file~v2.123',
    uploadUrl: 'https://open-upload.tiktokapis.com/video/?upload_id=67890&upload_token=Xza123',
    plan: { videoSize: 31_457_280, chunkSize: 10_485_760, totalChunkCount: 3 },
    source: {
      kind: 'file',
      path: '/srv/v.mp4',
      size: 31_457_280,
      mtimeMs: 1_712_345_678_901.123,
      edgeHash: 'ab12',
    },
    ackedChunks: acked,
    contentType: 'video/mp4',
    createdAt: 1_765_000_000_000,
  };
}

describe.skipIf(SKIP_REASON)(titled('accounts and resume records on Redis'), () => {
  let server: RedisServer;
  let raw: RedisLink;
  const opened: RedisStore[] = [];

  beforeAll(async () => {
    server = await startRedisServer();
    raw = await rawLink(server.url);
  });
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
    await raw?.close();
    await server?.stop();
  });

  async function open(options: RedisStoreOptions): Promise<RedisStore> {
    const store = await RedisStore.open(server.url, { namespace: namespace(), ...options });
    opened.push(store);
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
    expect(await raw.command(['EXISTS', `${store.prefix}default`])).toBe(0);
    expect(await store.accounts.remove('shop')).toBe(false);
    expect(await store.accounts.getDefault()).toBe('ana');
    expect(await store.stats()).toEqual({ accounts: 1, ledger: 0, resume: 0 });
    expect(await store.ping()).toBeGreaterThanOrEqual(0);
  });

  it('seals every secret at rest; a wrong key, no key, or a value moved between accounts does not open', async () => {
    const key = newKey();
    const store = await open({ key });
    await store.accounts.save(account('ana'));
    await store.accounts.save(account('bob'));
    const stored = JSON.parse(await raw.command<string>(['HGET', `${store.prefix}accounts`, 'ana']));
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
    const bob = JSON.parse(await raw.command<string>(['HGET', `${store.prefix}accounts`, 'bob']));
    await raw.command([
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
    for (const attempt of [
      (): Promise<unknown> => plain.accounts.save(account('ana')),
      () => plain.resume.put('r', resumeRecord()),
    ]) {
      const outcome = await settle(attempt());
      expect(outcome.ok ? undefined : outcome.error).toBeInstanceOf(UsageError);
      expect(outcome.ok ? '' : (outcome.error as Error).message).toMatch(/Refusing to write tokens/);
    }
    expect(await raw.command(['EXISTS', `${plain.prefix}accounts`, `${plain.prefix}resume:r`])).toBe(0);
    // A refresh is refused before TikTok is asked (its rotated token could not be stored), taking no turn.
    await raw.command(['HSET', `${plain.prefix}accounts`, 'ana', JSON.stringify(account('ana'))]);
    await expect(plain.rotation.beginRefresh('ana', 30_000)).rejects.toThrow(/Refusing to write tokens/);
    expect(await raw.command(['EXISTS', `${plain.prefix}refresh:ana`])).toBe(0);
    await raw.command(['DEL', `${plain.prefix}accounts`]);
    // Reading and the ledger need no secrets: they work.
    expect(await plain.accounts.get('ana')).toBeUndefined();
    expect(await plain.ledger.claimPending('k', { owner: 'me' })).toBe(true);

    const insecure = await open({ insecure: true });
    await insecure.accounts.save(account('ana'));
    const stored = JSON.parse(await raw.command<string>(['HGET', `${insecure.prefix}accounts`, 'ana']));
    expect(stored.refreshToken).toBe('rft.refresh-ana-1');
  });

  it('keeps a resume record for an hour by default, its upload URL sealed, and only ever raises its chunk count', async () => {
    const store = await open({ key: newKey() });
    await store.resume.put('feed:1', resumeRecord(1));
    const key = `${store.prefix}resume:feed:1`;
    const ttl = Number(await raw.command(['PTTL', key]));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(RESUME_TTL_MS);
    const stored = await raw.command<Record<string, string>>(['HGETALL', key]);
    expect(JSON.stringify(stored)).not.toContain('upload_token');
    expect(await store.resume.get('feed:1')).toEqual(resumeRecord(1));

    expect(await store.resume.advance('feed:1', 2)).toBe(true);
    expect(await store.resume.advance('feed:1', 2)).toBe(false);
    expect(await store.resume.advance('feed:1', 1)).toBe(false);
    expect((await store.resume.get('feed:1'))?.ackedChunks).toBe(2);
    expect(Number(await raw.command(['PTTL', key]))).toBeGreaterThan(0); // the expiry is kept
    expect(await store.resume.advance('feed:none', 3)).toBe(false);
    expect(await raw.command(['EXISTS', `${store.prefix}resume:feed:none`])).toBe(0);

    expect(await store.stats()).toEqual({ accounts: 0, ledger: 0, resume: 1 });
    expect(await store.resume.delete('feed:1')).toBe(true);
    expect(await store.resume.delete('feed:1')).toBe(false);
    expect(await store.resume.get('feed:1')).toBeUndefined();
  });

  it('a resume record past its TTL is gone, and no longer counted', async () => {
    const store = await open({ key: newKey() });
    await store.resume.put('short', resumeRecord(), { ttlMs: 40 });
    await store.resume.put('long', resumeRecord());
    await waitUntil(async () => (await store.resume.get('short')) === undefined);
    expect(await store.resume.get('long')).toBeDefined();
    expect((await store.stats()).resume).toBe(1);
  });
});
