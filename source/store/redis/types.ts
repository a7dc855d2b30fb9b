/**
 * The Redis building blocks' API (accounts, leases, rotation), on which redis/state.ts builds the
 * StateStore. Records are plain data; secrets in them are in clear text here and sealed at rest.
 */
import type { AccountRecord } from '../state-store.js';

/** One authorized TikTok account: the record every store keeps. */
export type SharedAccount = AccountRecord;

/** A held lease (an account's lock, or its refresh turn). Its token is its owner's proof. */
export interface Lease {
  readonly kind: 'lock' | 'refresh';
  readonly account: string;
  /** `<fence>:<random>`: unique to this holder; compared by the server on every guarded write. */
  readonly token: string;
  /** Fencing number, increasing with every lease granted in this namespace. */
  readonly fence: number;
}

/** beginRefresh's answer: this runner refreshes, or another one does and this one waits. */
export type RefreshTurn =
  | { role: 'refresh'; lease: Lease; account: SharedAccount }
  | { role: 'wait'; account: SharedAccount };

export interface AccountStore {
  /** One account by name, its tokens opened; undefined when there is none. */
  get(username: string): Promise<SharedAccount | undefined>;
  /** Every account, by name. */
  list(): Promise<Record<string, SharedAccount>>;
  /** Saves or replaces an account in one write (tokens sealed when a key is set). */
  save(record: SharedAccount): Promise<SharedAccount>;
  /** Forgets an account (and the default, if it was); false when there was none. */
  remove(username: string): Promise<boolean>;
  /** The default account: the one set explicitly, else the only one. */
  getDefault(): Promise<string | undefined>;
  /** Makes an existing account the default; false when there is no such account. */
  setDefault(username: string): Promise<boolean>;
}

export interface LockStore {
  /** Takes an account's lock (SET NX PX) with a fresh fencing token; undefined while another holds it. */
  acquire(
    account: string,
    ttlMs: number,
    options?: { waitMs?: number; signal?: AbortSignal },
  ): Promise<Lease | undefined>;
  /** Extends the lease; false (nothing changed) when it is no longer this owner's. */
  renew(lease: Lease, ttlMs: number): Promise<boolean>;
  /** Releases the lease; false (nothing deleted) when it is no longer this owner's. */
  release(lease: Lease): Promise<boolean>;
}

export interface RotationStore {
  /** Exactly one caller at a time gets the refresh lease, the others are told to wait (refused up front if tokens may not be written). */
  beginRefresh(account: string, ttlMs: number): Promise<RefreshTurn>;
  /** Waits until the account's refresh token differs from `previousRefreshToken`; undefined if the refresher gave up or time ran out. */
  awaitRotation(
    account: string,
    previousRefreshToken: string,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<SharedAccount | undefined>;
  /** Stores the rotated tokens and releases the lease in one atomic step; a LeaseLostError if the lease was lost. */
  commitRotation(account: string, lease: Lease, record: SharedAccount): Promise<SharedAccount>;
  /** Gives the refresh turn back without new tokens (the refresh failed); false when it was already lost. */
  abandonRefresh(lease: Lease): Promise<boolean>;
}

/** Redis' accounts, leases and rotation. Every multi-step change is one atomic operation on the server. */
export interface SharedStore {
  /** Where the store lives, safe to print (password masked). */
  readonly location: string;
  readonly accounts: AccountStore;
  readonly locks: LockStore;
  readonly rotation: RotationStore;
  /** Health check: the round trip in milliseconds, or a NetworkError. */
  ping(): Promise<number>;
  /** Closes the connection; always resolves. */
  close(): Promise<void>;
}
