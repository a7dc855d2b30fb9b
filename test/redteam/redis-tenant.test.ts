import { describe, expect, it } from 'vitest';
import { UsageError } from '../../source/shared/errors.js';
import type { PostRecord } from '../../source/store/post-records.js';
import { RedisStateStore } from '../../source/store/redis/state.js';
import { account, newKey, settle } from '../store/redis/helpers.js';
import { SKIP_REASON, titled, useRedis } from '../store/redis/redis-server.js';

/**
 * Another tenant of the same Redis (write access, no store key) plants or moves values: with
 * AGORAS_STORE_KEY set, every secret must be sealed under its own account and field, or it is refused.
 */
const HOUR = 3_600_000;
const record = (publishId: string, uploadUrl: string): PostRecord => ({
  publishId,
  username: 'ana',
  at: Date.now(),
  kind: 'video',
  title: 't',
  media: '/v.mp4',
  settings: 's',
  upload: {
    uploadUrl,
    expiresAt: Date.now() + HOUR,
    videoSize: 30,
    chunkSize: 10,
    totalChunkCount: 3,
    contentType: 'video/mp4',
    identity: { kind: 'file', path: '/v.mp4', size: 30, mtimeMs: 1, edgeHash: 'x' },
    ackedChunks: 1,
  },
});

async function refusal(promise: Promise<unknown>): Promise<UsageError> {
  const outcome = await settle(promise);
  if (outcome.ok) throw new Error('expected a refusal');
  expect(outcome.error).toBeInstanceOf(UsageError);
  expect((outcome.error as UsageError).message).not.toContain('\n');
  return outcome.error as UsageError;
}

describe.skipIf(SKIP_REASON)(titled('a hostile tenant of the shared Redis'), () => {
  const redis = useRedis<RedisStateStore>();
  /** A store sealed with a fresh key, on the namespace the tests tamper with; closed after. */
  const sealedStore = async () => {
    const store = await RedisStateStore.open(redis.server.url, {
      namespace: 'config',
      key: newKey(),
      connectTimeoutMs: 5000,
    });
    redis.opened.push(store);
    return store;
  };

  it('refuses a plain upload URL planted into a sealed store (nothing would be sent to it)', async () => {
    const store = await sealedStore();
    // The state store's namespace is 'config': each test clears what it uses.
    await redis.raw.command(['DEL', 'agoras:{config}:posts:ana', 'agoras:{config}:accounts']);
    const url = 'https://open-upload.tiktokapis.com/video/?upload_id=1&upload_token=t';
    await store.records('ana').save(record('v_pub_file~v2-1.1', url));
    expect((await store.records('ana').get('v_pub_file~v2-1.1'))?.upload?.uploadUrl).toBe(url);

    const stored = JSON.parse(
      await redis.raw.command<string>(['HGET', 'agoras:{config}:posts:ana', 'v_pub_file~v2-1.1']),
    );
    stored.upload.uploadUrl = 'http://127.0.0.2:9/steal';
    await redis.raw.command([
      'HSET',
      'agoras:{config}:posts:ana',
      'v_pub_file~v2-1.1',
      JSON.stringify(stored),
    ]);
    const error = await refusal(store.records('ana').get('v_pub_file~v2-1.1'));
    expect(error.message).toMatch(/plain text though AGORAS_STORE_KEY is set/);
    expect(error.message).not.toContain('127.0.0.2');
    await refusal(store.findPostRecord('v_pub_file~v2-1.1'));
    await refusal(store.records('ana').list());
  });

  it("refuses a sealed upload URL moved from another account's record", async () => {
    const store = await sealedStore();
    await redis.raw.command(['DEL', 'agoras:{config}:posts:ana', 'agoras:{config}:posts:eve']);
    const mine = 'https://open-upload.tiktokapis.com/video/?upload_id=2&upload_token=ana';
    await store.records('ana').save(record('v_pub_file~v2-1.2', mine));
    // The tenant's own account on the same store (same key, e.g. a shared fleet key): its record
    // for the same publish ID, with its own upload URL, copied into ana's hash.
    await store
      .records('eve')
      .save({ ...record('v_pub_file~v2-1.2', 'https://evil.example/up'), username: 'eve' });
    const eve = await redis.raw.command<string>(['HGET', 'agoras:{config}:posts:eve', 'v_pub_file~v2-1.2']);
    await redis.raw.command(['HSET', 'agoras:{config}:posts:ana', 'v_pub_file~v2-1.2', eve]);
    const error = await refusal(store.records('ana').get('v_pub_file~v2-1.2'));
    expect(error.message).toMatch(/does not open/);
  });

  it('refuses a plain access token planted into a sealed account', async () => {
    const store = await sealedStore();
    await redis.raw.command(['DEL', 'agoras:{config}:accounts']);
    await store.saveAccount(account('ana'));
    const stored = JSON.parse(await redis.raw.command<string>(['HGET', 'agoras:{config}:accounts', 'ana']));
    await redis.raw.command([
      'HSET',
      'agoras:{config}:accounts',
      'ana',
      JSON.stringify({ ...stored, accessToken: 'act.planted' }),
    ]);
    const error = await refusal(store.account('ana'));
    expect(error.message).toMatch(/plain text though AGORAS_STORE_KEY is set/);
    expect(error.message).toMatch(/account\/ana\/accessToken/);
    await refusal(store.accounts());
    // Without a key (the insecure policy) plain values are what the store holds: still read.
    const keyless = await RedisStateStore.open(redis.server.url, {
      namespace: 'config',
      insecure: true,
      connectTimeoutMs: 5000,
    });
    redis.opened.push(keyless);
    await redis.raw.command(['HSET', 'agoras:{config}:accounts', 'bob', JSON.stringify(account('bob'))]);
    expect((await keyless.account('bob'))?.accessToken).toBe('act.access-bob-1');
  });
});
