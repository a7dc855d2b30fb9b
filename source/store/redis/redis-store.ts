import { RedisAccounts } from './accounts.js';
import { type ConnectOptions, connectRedis, type RedisLink } from './connect.js';
import { Context, Keys } from './context.js';
import { RedisLocks, RedisRotation } from './locks.js';
import { parseStoreKey } from './seal.js';
import type { SharedStore } from './types.js';
import type { RedisStoreUrl } from './url.js';

export interface RedisStoreOptions {
  /** Keeps real and sandbox accounts apart: keys start with `agoras:{namespace}:`. Default 'config'. */
  namespace?: string;
  /** The store key (32 bytes, or its base64): secrets are sealed with AES-256-GCM when set. */
  key?: Uint8Array | string;
  /** Allows plain-text secrets over plain redis:// without a key (a private loopback). */
  insecure?: boolean;
  /** Injected clock for tests (epoch milliseconds). */
  now?: () => number;
}

/** The shared store on Redis (≥ 6) or Valkey: one connection, every change an atomic script. */
export class RedisStore implements SharedStore {
  readonly location: string;
  readonly accounts: RedisAccounts;
  readonly locks: RedisLocks;
  readonly rotation: RedisRotation;
  readonly #context: Context;

  constructor(link: RedisLink, options: RedisStoreOptions = {}) {
    const key = typeof options.key === 'string' ? parseStoreKey(options.key) : options.key;
    this.#context = new Context(
      link,
      new Keys(options.namespace ?? 'config'),
      options.now ?? Date.now,
      key === undefined ? undefined : Buffer.from(key),
      options.insecure ?? false,
    );
    this.location = link.display;
    this.accounts = new RedisAccounts(this.#context);
    this.locks = new RedisLocks(this.#context);
    this.rotation = new RedisRotation(this.#context, this.locks);
  }

  /** Connects and opens the store; a bad key is a UsageError before anything is sent. */
  static async open(
    url: string | RedisStoreUrl,
    options: RedisStoreOptions & ConnectOptions = {},
  ): Promise<RedisStore> {
    if (typeof options.key === 'string') parseStoreKey(options.key);
    new Keys(options.namespace ?? 'config');
    const link = await connectRedis(url, options);
    return new RedisStore(link, options);
  }

  /** The key prefix of this store's namespace. */
  get prefix(): string {
    return this.#context.keys.base;
  }

  ping(): Promise<number> {
    return this.#context.link.ping();
  }

  close(): Promise<void> {
    return this.#context.link.close();
  }
}

/** Connects to a Redis store: the same as RedisStore.open. */
export function openRedisStore(
  url: string | RedisStoreUrl,
  options: RedisStoreOptions & ConnectOptions = {},
): Promise<RedisStore> {
  return RedisStore.open(url, options);
}
