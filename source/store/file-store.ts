import { AuthError } from '../shared/errors.js';
import { acquireLock } from './lock.js';
import { accountsWithRecords, findPostRecord, PostRecords, postRecordsRoot } from './post-records.js';
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
} from './state-store.js';
import { Store, type StoreOptions } from './store.js';

/** How long a run waits for another run of the same account on this host before it stops. */
export const FILE_LOCK_WAIT_MS = 10_000;

/**
 * The default store: the conf file in the config directory (0600, dir 0700), post records beside
 * it and lock files for the accounts. Nothing to run; one host. Every call is the file's own
 * synchronous, locked read-modify-write, behind the same interface as the Redis store.
 */
export class FileStateStore implements StateStore {
  readonly kind = 'file' as const;
  readonly file: Store;
  readonly location: string;
  readonly namespace: 'config' | 'sandbox';
  readonly #root: string;

  constructor(options: StoreOptions = {}) {
    this.file = new Store(options);
    this.location = this.file.path;
    this.namespace = this.file.namespace;
    this.#root = postRecordsRoot(this.file);
  }

  async accounts(): Promise<Record<string, AccountRecord>> {
    return this.file.accounts();
  }
  async account(username: string): Promise<AccountRecord | undefined> {
    return this.file.account(username);
  }
  async defaultAccount(): Promise<string | undefined> {
    return this.file.defaultAccount();
  }
  async setDefault(username: string): Promise<void> {
    this.file.setDefault(username);
  }
  async saveAccount(record: AccountRecord): Promise<void> {
    this.file.saveAccount(record);
  }
  async removeAccount(username: string): Promise<void> {
    this.file.removeAccount(username);
  }

  async prepareLoginSave(username: string): Promise<LoginSave> {
    const keep = this.file.prepareLoginSave(username);
    return { save: async (record) => keep.save(record), cancel: async () => keep.cancel() };
  }

  /** One host: every run refreshes for itself (a run that loses the race uses what the other saved). */
  async beginRefresh(username: string): Promise<RefreshTurn> {
    const keep = await this.prepareLoginSave(username);
    const account = this.file.account(username);
    if (!account) {
      await keep.cancel();
      throw new AuthError(`No saved TikTok account '${username}'.`, {
        fix: { kind: 'authorize', account: username },
      });
    }
    return { role: 'refresh', account, commit: keep.save, abandon: keep.cancel };
  }

  async posted(key: string): Promise<LedgerEntry | undefined> {
    return this.file.posted(key);
  }
  async ledger(): Promise<Record<string, LedgerEntry>> {
    return this.file.ledger();
  }
  async recordPosted(key: string, entry: LedgerEntry): Promise<void> {
    this.file.recordPosted(key, entry);
  }
  async claimPosted(key: string, entry: LedgerEntry, write: LedgerWrite): Promise<boolean> {
    return this.file.claimPosted(key, entry, write.expected);
  }
  async forgetPosted(key: string): Promise<void> {
    this.file.forgetPosted(key);
  }

  /** A lock file per account: a live holder is waited for, then refused; a dead one's lock is taken over. */
  async lockAccount(username: string, waitMs = FILE_LOCK_WAIT_MS): Promise<AccountLock> {
    const release = await acquireLock(this.file.dir, `${this.namespace}-${username}`, waitMs);
    return { store: this, release: async () => release() };
  }

  records(username: string): PostRecordStore {
    return new PostRecords(this.#root, username);
  }
  async recordAccounts(): Promise<string[]> {
    return accountsWithRecords(this.#root);
  }
  async findPostRecord(publishId: string) {
    return findPostRecord(this.#root, publishId);
  }

  async ping(): Promise<number> {
    this.file.accounts(); // reads (and checks) the file
    return 0;
  }

  async counts(): Promise<StoreCounts> {
    let records = 0;
    for (const name of accountsWithRecords(this.#root)) records += (await this.records(name).list()).length;
    return {
      accounts: Object.keys(this.file.accounts()).length,
      ledger: Object.keys(this.file.ledger()).length,
      records,
    };
  }

  async close(): Promise<void> {}
}
