import { NetworkError, UsageError } from '../../shared/errors.js';
import { checkAccountName } from '../../shared/names.js';
import { registerSecret } from '../../shared/secrets.js';
import type {
  AccountLock,
  AccountRecord,
  LedgerEntry,
  LedgerWrite,
  LoginSave,
  PostRecordStore,
  RefreshTurn,
  StateStore,
  StoreCounts,
} from '../state-store.js';
import { pairs } from './accounts.js';
import type { ConnectOptions } from './connect.js';
import { type Context, LeaseLostError } from './context.js';
import { holdLease } from './held-lease.js';
import { adoptRescued, keepRotated, keepThroughOutage } from './kept-logins.js';
import { LocalRescue } from './local-rescue.js';
import { RedisPostRecords } from './post-records.js';
import { RedisStore, type RedisStoreOptions } from './redis-store.js';
import { FORGET, LEDGER_CLAIM, LEDGER_PUT } from './scripts.js';
import type { Lease } from './types.js';

/** In a fleet, runners of one account queue behind each other: a whole run may take minutes. */
export const REDIS_LOCK_WAIT_MS = 120_000;
/** A refresh turn outlives one token request with its retries. */
const REFRESH_TTL_MS = 60_000;
/**
 * How long a rotated token is retried when the store is away (a Redis restart takes seconds); past
 * it, the token is kept in a local rescue file until a later run hands it to the store.
 */
const ROTATION_KEEP_MS = 30_000;

export interface RedisStateOptions {
  namespace: 'config' | 'sandbox';
  /** The directory for rescue files (the config directory), asked for only when one is needed. */
  rescueDir?: () => string;
  /** How long a rotated token is retried on fresh connections before it goes to a rescue file. */
  rotationKeepMs?: number;
}

function parse(key: string, json: string): LedgerEntry {
  try {
    return JSON.parse(json) as LedgerEntry;
  } catch {
    throw new UsageError(`The ledger entry '${key}' in the store is damaged (not JSON).`);
  }
}

/** Every secret read from the store is masked wherever it could be printed (errors, --debug). */
function masked<T extends AccountRecord | undefined>(account: T): T {
  if (account)
    for (const s of [account.clientSecret, account.accessToken, account.refreshToken]) registerSecret(s);
  return account;
}

/**
 * The shared store on Redis: the same API as the conf file, for many runners on many hosts. Every
 * write that guards a post is an atomic script checked against the holder's lease (fencing).
 */
export class RedisStateStore implements StateStore {
  readonly kind = 'redis' as const;
  readonly location: string;
  readonly namespace: 'config' | 'sandbox';
  readonly #redis: RedisStore;
  readonly #context: Context;
  /** Set on a lock holder's view: its ledger writes commit only while the lease is held. */
  readonly #lease: Lease | undefined;
  /** A fresh connection to the same store (a rotated token outlives a lost connection). */
  readonly #reopen: (() => Promise<RedisStore>) | undefined;
  readonly #rescue: LocalRescue | undefined;
  readonly #keepMs: number;

  constructor(
    redis: RedisStore,
    namespace: 'config' | 'sandbox',
    lease?: Lease,
    reopen?: () => Promise<RedisStore>,
    options: Omit<RedisStateOptions, 'namespace'> = {},
  ) {
    this.#redis = redis;
    this.#reopen = reopen;
    this.#context = redis.accounts.context;
    this.location = redis.location;
    this.namespace = namespace;
    this.#lease = lease;
    this.#keepMs = options.rotationKeepMs ?? ROTATION_KEEP_MS;
    this.#rescue = options.rescueDir
      ? new LocalRescue(options.rescueDir, `${redis.prefix}@${redis.location}`, this.#context.sealKey)
      : undefined;
  }

  /** Connects (a bad URL: exit 2; unreachable: exit 5, nothing written), then adopts rescued logins. */
  static async open(
    url: string,
    options: RedisStoreOptions & ConnectOptions & RedisStateOptions,
  ): Promise<RedisStateStore> {
    const reopen = () => RedisStore.open(url, options);
    const store = new RedisStateStore(await reopen(), options.namespace, undefined, reopen, options);
    if (store.#rescue) await adoptRescued(store.#context, store.#rescue);
    return store;
  }

  async accounts(): Promise<Record<string, AccountRecord>> {
    const accounts = await this.#redis.accounts.list();
    for (const account of Object.values(accounts)) masked(account);
    return accounts;
  }
  async account(username: string): Promise<AccountRecord | undefined> {
    return masked(await this.#redis.accounts.get(username));
  }
  defaultAccount(): Promise<string | undefined> {
    return this.#redis.accounts.getDefault();
  }
  async setDefault(username: string): Promise<void> {
    await this.#redis.accounts.setDefault(username);
  }
  async saveAccount(record: AccountRecord): Promise<void> {
    await this.#redis.accounts.save(masked(record));
  }
  async removeAccount(username: string): Promise<void> {
    await this.#redis.accounts.remove(username);
  }

  /** Refused before TikTok is asked when the store may not hold tokens (no TLS, no key). */
  async prepareLoginSave(username: string): Promise<LoginSave> {
    checkAccountName(username);
    this.#context.mayWriteSecrets();
    return { save: (record) => this.saveAccount(record), cancel: async () => {} };
  }

  async beginRefresh(username: string): Promise<RefreshTurn> {
    const turn = await this.#redis.rotation.beginRefresh(username, REFRESH_TTL_MS);
    const rotation = this.#redis.rotation;
    if (turn.role === 'wait') {
      return {
        role: 'wait',
        rotated: async (previous, timeoutMs) =>
          masked(await rotation.awaitRotation(username, previous, timeoutMs)),
      };
    }
    const started = turn.account;
    return {
      role: 'refresh',
      account: masked(started),
      commit: async (record) => {
        masked(record);
        try {
          await rotation.commitRotation(username, turn.lease, record);
        } catch (error) {
          if (error instanceof LeaseLostError)
            await keepRotated(this.#context, username, record, started.updatedAt);
          else if (error instanceof NetworkError)
            await keepThroughOutage(
              { reopen: this.#reopen, rescue: this.#rescue, keepMs: this.#keepMs },
              { username, record, started, cause: error },
            );
          else throw error;
        }
      },
      abandon: async () => {
        await rotation.abandonRefresh(turn.lease);
      },
    };
  }

  async posted(key: string): Promise<LedgerEntry | undefined> {
    const json = await this.#context.link.command<string | null>(['HGET', this.#context.keys.ledger, key]);
    return json == null ? undefined : parse(key, json);
  }
  async ledger(): Promise<Record<string, LedgerEntry>> {
    const reply = await this.#context.link.command<Record<string, string>>([
      'HGETALL',
      this.#context.keys.ledger,
    ]);
    const ledger: Record<string, LedgerEntry> = {};
    for (const [key, json] of pairs(reply)) ledger[key] = parse(key, json);
    return ledger;
  }
  async recordPosted(key: string, entry: LedgerEntry): Promise<void> {
    await this.#context.guarded(LEDGER_PUT, this.#lease, this.#context.keys.ledger, [
      key,
      JSON.stringify(entry),
    ]);
  }
  async claimPosted(key: string, entry: LedgerEntry, write: LedgerWrite): Promise<boolean> {
    const expected = write.expected === undefined ? '' : JSON.stringify(write.expected);
    const reply = await this.#context.guarded(LEDGER_CLAIM, this.#lease, this.#context.keys.ledger, [
      key,
      JSON.stringify(entry),
      expected,
    ]);
    return reply === 1;
  }
  async forgetPosted(key: string): Promise<void> {
    await this.#context.guarded(FORGET, this.#lease, this.#context.keys.ledger, [key]);
  }

  /** A lease (SET NX PX), renewed while held; the holder's view fences its ledger writes with it. */
  async lockAccount(username: string, waitMs = REDIS_LOCK_WAIT_MS): Promise<AccountLock> {
    const held = await holdLease(this.#redis.locks, username, `'${username}'`, waitMs);
    return {
      store: new RedisStateStore(this.#redis, this.namespace, held.lease, this.#reopen, {
        rotationKeepMs: this.#keepMs,
        ...(this.#rescue ? { rescueDir: this.#rescue.dir } : {}),
      }),
      release: held.release,
    };
  }

  records(username: string): PostRecordStore {
    return new RedisPostRecords(this.#context, this.#redis.locks, username);
  }
  async recordAccounts(): Promise<string[]> {
    return this.#context.link.command<string[]>(['SMEMBERS', this.#context.keys.postAccounts]);
  }
  async findPostRecord(publishId: string) {
    for (const name of await this.recordAccounts()) {
      const record = await this.records(name).get(publishId);
      if (record) return record;
    }
    return undefined;
  }

  ping(): Promise<number> {
    return this.#redis.ping();
  }
  async counts(): Promise<StoreCounts> {
    const { keys, link } = this.#context;
    let records = 0;
    for (const name of await this.recordAccounts())
      records += Number(await link.command(['HLEN', keys.posts(name)]));
    const [accounts, ledger] = await Promise.all([
      link.command<number>(['HLEN', keys.accounts]),
      link.command<number>(['HLEN', keys.ledger]),
    ]);
    return { accounts: Number(accounts), ledger: Number(ledger), records };
  }
  /** Closing a lock holder's view leaves the connection to the store that made it. */
  close(): Promise<void> {
    return this.#lease ? Promise.resolve() : this.#redis.close();
  }
}
