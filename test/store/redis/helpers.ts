import { randomBytes } from 'node:crypto';
import { type ConnectOptions, connectRedis, type RedisLink } from '../../../source/store/redis/connect.js';
import { RedisStore, type RedisStoreOptions } from '../../../source/store/redis/redis-store.js';
import type { SharedAccount } from '../../../source/store/redis/types.js';

/** A fresh namespace per test, so tests on one server never see each other's keys. */
export function namespace(): string {
  return `t${randomBytes(6).toString('hex')}`;
}

/** A store key, as AGORAS_STORE_KEY would hold it. */
export function newKey(): string {
  return randomBytes(32).toString('base64');
}

/** `n` stores on `n` separate connections: as many runners. */
export function runners(
  url: string,
  n: number,
  options: RedisStoreOptions & ConnectOptions,
): Promise<RedisStore[]> {
  return Promise.all(Array.from({ length: n }, () => RedisStore.open(url, options)));
}

/** Closes every store (or link) given. */
export async function closeAll(stores: { close(): Promise<void> }[]): Promise<void> {
  await Promise.all(stores.map((s) => s.close()));
}

/** A raw connection, to look at what is really stored. */
export function rawLink(url: string): Promise<RedisLink> {
  return connectRedis(url, { connectTimeoutMs: 5000 });
}

/** An account with recognisable tokens of generation `n`. */
export function account(username: string, n = 1): SharedAccount {
  return {
    username,
    openId: `open-${username}`,
    clientKey: 'client-key',
    clientSecret: `client-secret-${username}`,
    accessToken: `act.access-${username}-${n}`,
    accessExpiresAt: 1_700_000_000_000 + n,
    refreshToken: `rft.refresh-${username}-${n}`,
    refreshExpiresAt: 1_800_000_000_000,
    scopes: ['user.info.basic', 'video.publish', 'video.upload'],
    nickname: `Nick ${username}`,
    updatedAt: 0,
  };
}

/** Polls until `check` is true (a key expired, a server is back); fails after `ms`. */
export async function waitUntil(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The settled outcome of a promise, to count winners without failing on the losers. */
export async function settle<T>(
  promise: Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}
