/**
 * The store every layer above talks to: accounts and their rotating tokens, the ledger of what was
 * posted, post records (history and resumable uploads) and per-account locks. Two backends
 * implement it: the conf file (file-store.ts, the default) and Redis (redis/state.ts, for fleets).
 */
import type { PostRecord, PostRecordStore } from './post-records.js';

export type { PostRecordStore } from './post-records.js';

/** One authorized TikTok account. Secrets live only in the store (file 0600, or sealed in Redis). */
export interface AccountRecord {
  username: string;
  openId: string;
  clientKey: string;
  clientSecret: string;
  accessToken: string;
  /** Epoch milliseconds. */
  accessExpiresAt: number;
  refreshToken: string;
  refreshExpiresAt: number;
  scopes: string[];
  nickname?: string;
  updatedAt: number;
}

/**
 * What the ledger remembers about one item, so a rerun never posts it twice. Keys are short (a
 * feed entry's identity is hashed) and the label is a short title, never a whole text.
 */
export interface LedgerEntry {
  /** TikTok's publish ID; a 'pending' entry has none yet. */
  publishId?: string;
  at: number;
  label?: string;
  /**
   * pending: written before TikTok was asked (intent); accepted: TikTok returned the publish ID;
   * done: the post finished (or was confirmed). Entries from before states existed are done.
   */
  state?: 'pending' | 'accepted' | 'done';
  /** For uploads: the size TikTok must have received for the post to exist. */
  videoSize?: number;
  /** The run that wrote the pending intent (tells two runners' claims apart). */
  owner?: string;
}

/** A login about to be saved: proven keepable before TikTok is asked (see prepareLoginSave). */
export interface LoginSave {
  save(record: AccountRecord): Promise<void>;
  cancel(): Promise<void>;
}

/** A refresh: this run refreshes (and commits the rotated tokens), or another one does and it waits. */
export type RefreshTurn =
  | {
      role: 'refresh';
      /** The account as it is now (another run may have rotated it a moment ago). */
      account: AccountRecord;
      /** Stores the rotated tokens; they are never lost, even if the turn expired meanwhile. */
      commit(record: AccountRecord): Promise<void>;
      /** Gives the turn back without new tokens. */
      abandon(): Promise<void>;
    }
  | {
      role: 'wait';
      /** The account once its refresh token differs from `previous`; undefined if the refresher gave up. */
      rotated(previous: string, timeoutMs: number): Promise<AccountRecord | undefined>;
    };

/** An account's lock, held while a run posts for it. */
export interface AccountLock {
  /** The store as the holder sees it: its ledger and record writes fail once the lock is lost. */
  readonly store: StateStore;
  release(): Promise<void>;
}

export interface StoreCounts {
  accounts: number;
  ledger: number;
  records: number;
}

/** Options of a ledger write. */
export interface LedgerWrite {
  /** Write the entry only if the current one is still this (undefined: there is none). */
  expected?: LedgerEntry;
}

export interface StateStore {
  readonly kind: 'file' | 'redis';
  /** Where it lives, safe to print: the config file's path, or the Redis URL, password masked. */
  readonly location: string;
  readonly namespace: 'config' | 'sandbox';

  /** Every saved account, by username. */
  accounts(): Promise<Record<string, AccountRecord>>;
  account(username: string): Promise<AccountRecord | undefined>;
  /** The default account's name: the one set explicitly, else the only one. */
  defaultAccount(): Promise<string | undefined>;
  setDefault(username: string): Promise<void>;
  saveAccount(record: AccountRecord): Promise<void>;
  removeAccount(username: string): Promise<void>;
  /**
   * Before TikTok is asked for a new login: proves it can be kept (room on disk, or a store that
   * may hold tokens). Throws, and TikTok is not asked, when it cannot.
   */
  prepareLoginSave(username: string): Promise<LoginSave>;
  /** Starts a token refresh: exactly one run refreshes an account at a time, the others wait. */
  beginRefresh(username: string): Promise<RefreshTurn>;

  /** The ledger entry for a feed item or sheet row. */
  posted(key: string): Promise<LedgerEntry | undefined>;
  /** The whole ledger at once, for runs that look up many entries. */
  ledger(): Promise<Record<string, LedgerEntry>>;
  recordPosted(key: string, entry: LedgerEntry): Promise<void>;
  /** Writes the pending intent atomically, only if the entry is still `expected`: false when another run took it. */
  claimPosted(key: string, entry: LedgerEntry, write: LedgerWrite): Promise<boolean>;
  /** Drops an entry when TikTok surely published nothing, so the item can be tried again. */
  forgetPosted(key: string): Promise<void>;

  /** Takes an account's lock, waiting up to `waitMs` for another run; a clear error when it stays busy. */
  lockAccount(username: string, waitMs?: number): Promise<AccountLock>;
  /** The post records of one account. */
  records(username: string): PostRecordStore;
  /** The accounts that have post records. */
  recordAccounts(): Promise<string[]>;
  /** The record of a publish ID under any account (the ledger knows IDs, not accounts). */
  findPostRecord(publishId: string): Promise<PostRecord | undefined>;

  /** Health: the round trip in ms (0 for the file); a NetworkError when unreachable. */
  ping(): Promise<number>;
  counts(): Promise<StoreCounts>;
  close(): Promise<void>;
}
