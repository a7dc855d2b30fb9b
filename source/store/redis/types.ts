/**
 * The shared store's API: what every backend (Redis now, the conf file later) offers to the layers
 * above. Records are plain data; secrets in them are in clear text here and sealed at rest.
 */

/** One authorized TikTok account (the same fields as the conf file's AccountRecord). */
export interface SharedAccount {
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
  /** Set by the store on every save (epoch milliseconds). */
  updatedAt: number;
}

/** The ledger's memory of one feed entry or sheet row, so no runner ever posts it twice. */
export interface LedgerEntry {
  /** pending: taken before TikTok was asked; accepted: TikTok returned the publish ID; done: finished. */
  state: 'pending' | 'accepted' | 'done';
  /** When the entry last changed (epoch milliseconds). */
  at: number;
  /** TikTok's publish ID; a pending entry has none yet. */
  publishId?: string;
  /** A short title, never a whole text. */
  label?: string;
  /** For uploads: the size TikTok must have received for the post to exist. */
  videoSize?: number;
  /** The runner that took the pending intent (so it can tell its own claim after a lost reply). */
  owner?: string;
}

/** What a runner is about to post, written with the pending claim. */
export interface PendingIntent {
  owner: string;
  label?: string;
  videoSize?: number;
}

/** What markAccepted and markDone record besides the state. */
export interface LedgerDetails {
  publishId?: string;
  label?: string;
  videoSize?: number;
}

/** An unfinished upload another run can pick up: TikTok's upload URL lives for an hour. */
export interface ResumeRecord {
  account: string;
  publishId: string;
  /** TikTok's upload URL: a capability, sealed at rest like a token. */
  uploadUrl: string;
  /** The chunk plan TikTok was given at init. */
  plan: { videoSize: number; chunkSize: number; totalChunkCount: number };
  /** The source's identity (path or URL, size, mtime, hashes): JSON data, compared on resume. */
  source: object;
  /** How many chunks TikTok has acknowledged. */
  ackedChunks: number;
  contentType?: string;
  /** Epoch milliseconds. */
  createdAt: number;
}

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

/** A write that guards a post: applied only while the lease is still held (guardedWrite). */
export type GuardedWrite =
  | { op: 'claimPending'; key: string; intent: PendingIntent }
  | { op: 'markAccepted'; key: string; publishId: string; details?: LedgerDetails }
  | { op: 'markDone'; key: string; details?: LedgerDetails }
  | { op: 'forget'; key: string }
  | { op: 'putResume'; key: string; record: ResumeRecord; ttlMs?: number }
  | { op: 'advanceResume'; key: string; ackedChunks: number }
  | { op: 'deleteResume'; key: string };

/** Options of a write that may be guarded by a lease. */
export interface Guarded {
  /** Commit only while this lease is held (else a LeaseLostError, nothing written). */
  guard?: Lease;
}

export interface StoreStats {
  accounts: number;
  ledger: number;
  resume: number;
}

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

export interface LedgerStore {
  /** Takes the pending intent for an item (SET NX): false when another runner holds it or it is done. */
  claimPending(key: string, intent: PendingIntent, options?: Guarded): Promise<boolean>;
  /** Records TikTok's publish ID; false (nothing changed) when the entry is already done. */
  markAccepted(key: string, publishId: string, details?: LedgerDetails, options?: Guarded): Promise<boolean>;
  /** Records that the post finished (keeping what the entry already knew). */
  markDone(key: string, details?: LedgerDetails, options?: Guarded): Promise<boolean>;
  /** Drops an entry when TikTok surely published nothing; false when there was none. */
  forget(key: string, options?: Guarded): Promise<boolean>;
  /** One entry, if any. */
  get(key: string): Promise<LedgerEntry | undefined>;
  /** The whole ledger, one consistent snapshot. */
  list(): Promise<Record<string, LedgerEntry>>;
}

export interface ResumeStore {
  /** The resume record of an unfinished upload, its upload URL opened; undefined when none (or expired). */
  get(key: string): Promise<ResumeRecord | undefined>;
  /** Writes a resume record that expires after `ttlMs` (default one hour, the upload URL's life). */
  put(key: string, record: ResumeRecord, options?: Guarded & { ttlMs?: number }): Promise<void>;
  /** Raises the acknowledged chunk count (never lowers it, keeps the expiry); false when nothing changed. */
  advance(key: string, ackedChunks: number, options?: Guarded): Promise<boolean>;
  /** Deletes a resume record; false when there was none. */
  delete(key: string, options?: Guarded): Promise<boolean>;
}

/** The store many runners share. Every multi-step change is one atomic operation on the server. */
export interface SharedStore {
  /** Where the store lives, safe to print (password masked). */
  readonly location: string;
  readonly accounts: AccountStore;
  readonly locks: LockStore;
  readonly rotation: RotationStore;
  readonly ledger: LedgerStore;
  readonly resume: ResumeStore;
  /** A write that guards a post, committed only while `lease` is held; a LeaseLostError otherwise. */
  guardedWrite(lease: Lease, write: GuardedWrite): Promise<boolean>;
  /** Health check: the round trip in milliseconds, or a NetworkError. */
  ping(): Promise<number>;
  /** How many accounts, ledger entries and resume records the store holds. */
  stats(): Promise<StoreStats>;
  /** Closes the connection; always resolves. */
  close(): Promise<void>;
}
