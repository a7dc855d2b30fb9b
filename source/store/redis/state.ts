import { setTimeout as sleep } from 'node:timers/promises';
import { AuthError, NetworkError, UsageError } from '../../shared/errors.js';
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
import { decodeAccount, encodeAccount, pairs } from './accounts.js';
import type { ConnectOptions } from './connect.js';
import { type Context, LeaseLostError } from './context.js';
import { holdLease } from './held-lease.js';
import { LocalRescue } from './local-rescue.js';
import { RedisPostRecords } from './post-records.js';
import { RedisStore, type RedisStoreOptions } from './redis-store.js';
import { ACCOUNT_SAVE_IF, FORGET, LEDGER_CLAIM, LEDGER_PUT } from './scripts.js';
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
const ROTATION_RETRY_MS = 500;

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
    await store.#adoptRescued();
    return store;
  }

  /**
   * Hands logins kept on this host during an outage to the store: each is saved unless the store
   * already holds the same or a later generation (another host rotated since), then its file goes.
   * One the store cannot take yet stays for the next run.
   */
  async #adoptRescued(): Promise<void> {
    for (const { path, record } of this.#rescue?.list() ?? []) {
      try {
        const { keys, link } = this.#context;
        const json = await link.command<string | null>(['HGET', keys.accounts, record.username]);
        const current = json == null ? undefined : decodeAccount(this.#context, record.username, json);
        if (!current || (current.generation ?? 0) < (record.generation ?? 0)) {
          const { json: next } = encodeAccount(this.#context, masked(record));
          const since = current ? String(current.updatedAt) : '';
          const saved = Number(
            await link.run(ACCOUNT_SAVE_IF, [keys.accounts], [record.username, next, since]),
          );
          if (saved !== 1) continue;
        }
        this.#rescue!.remove(path);
      } catch {
        // The store cannot take it yet: the file stays, and the next run tries again.
      }
    }
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
  async prepareLoginSave(): Promise<LoginSave> {
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
          if (error instanceof LeaseLostError) await this.#keepRotated(username, record, started.updatedAt);
          else if (error instanceof NetworkError)
            await this.#keepThroughOutage(username, record, started, error);
          else throw error;
        }
      },
      abandon: async () => {
        await rotation.abandonRefresh(turn.lease);
      },
    };
  }

  /** TikTok has rotated the token already: keep it, unless another runner stored newer ones since. */
  async #keepRotated(
    username: string,
    record: AccountRecord,
    since: number,
    redis = this.#redis,
  ): Promise<void> {
    const context = redis.accounts.context;
    const { json } = encodeAccount(context, record);
    await context.link.run(ACCOUNT_SAVE_IF, [context.keys.accounts], [username, json, String(since)]);
  }

  /**
   * The store went away between TikTok's rotation and our write (a Redis restart): the old refresh
   * token is already dead, so the new one is retried on fresh connections for a while rather than lost.
   */
  async #keepThroughOutage(
    username: string,
    record: AccountRecord,
    started: AccountRecord,
    cause: NetworkError,
  ): Promise<void> {
    const deadline = Date.now() + this.#keepMs;
    while (this.#reopen && Date.now() < deadline) {
      await sleep(ROTATION_RETRY_MS);
      const fresh = await this.#reopen().catch(() => undefined);
      if (!fresh) continue;
      try {
        await this.#keepRotated(username, record, started.updatedAt, fresh);
        return;
      } catch {
        // still down: try again
      } finally {
        await fresh.close();
      }
    }
    // Still away: the old refresh token is dead, so the new login is kept on this host until a
    // later run hands it to the store (the run goes on with it meanwhile).
    try {
      if (this.#rescue) {
        this.#rescue.write(record);
        return;
      }
    } catch {
      // not even this host can keep it: said below
    }
    throw new AuthError(
      `TikTok rotated the login for '${username}', but the store could not be reached to keep it (${cause.message}).`,
      { fix: { kind: 'authorize', account: username }, cause },
    );
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
