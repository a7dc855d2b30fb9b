import { chmodSync, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import { UsageError } from '../shared/errors.js';
import { checkAccountName } from '../shared/names.js';
import { registerSecret } from '../shared/secrets.js';
import { refuseSymlink, withFileLock } from './lock.js';
import { cannotKeepLogin, RescueFiles } from './rescue.js';
import type { AccountRecord, LedgerEntry } from './state-store.js';
import { writeWhole } from './whole-write.js';

export type { AccountRecord, LedgerEntry };

/** Bumped when the file's shape changes; a newer file is refused, never rewritten. */
export const STORE_VERSION = 1;

interface StoreShape {
  version: number;
  defaultAccount?: string;
  accounts: Record<string, AccountRecord>;
  ledger: Record<string, LedgerEntry>;
}

export interface StoreOptions {
  /** Directory that holds the config file (AGORAS_CONFIG_DIR); default: conf's per-user location. */
  configDir?: string;
  /** 'config' for real accounts, 'sandbox' for the built-in sandbox's. */
  namespace?: 'config' | 'sandbox';
  /** Injected clock for tests. */
  now?: () => number;
}

/** The one `conf` wrapper: accounts, tokens and the ledger of what was posted. */
export class Store {
  readonly path: string;
  readonly dir: string;
  readonly namespace: 'config' | 'sandbox';
  readonly #conf: Conf<StoreShape>;
  readonly #now: () => number;
  readonly #rescue: RescueFiles;

  constructor(options: StoreOptions = {}) {
    this.namespace = options.namespace ?? 'config';
    this.#now = options.now ?? Date.now;
    if (options.configDir) {
      ensurePrivateDir(options.configDir);
      // Never read, chmod or overwrite another file through a link (tokens would land in it).
      refuseSymlink(join(options.configDir, `${this.namespace}.json`), 'The config file');
    }
    this.#conf = this.#open(options);
    this.path = this.#conf.path;
    this.dir = join(this.path, '..');
    refuseSymlink(this.path, 'The config file');
    this.#rescue = new RescueFiles(this.dir, this.namespace);
    ensurePrivateDir(this.dir);
    if (existsSync(this.path)) tighten(this.path, 0o600);
    this.#read();
  }

  #open(options: StoreOptions): Conf<StoreShape> {
    const settings = {
      projectName: 'agoras',
      projectSuffix: '',
      cwd: options.configDir,
      configName: this.namespace,
      configFileMode: 0o600,
      clearInvalidConfig: false,
      accessPropertiesByDotNotation: false,
    };
    try {
      const conf = new Conf<StoreShape>(settings);
      // Every write goes through writeWhole: all of the file or none of it, even on a full disk.
      (conf as unknown as { _write(value: unknown): void })._write = (value) =>
        writeWhole(conf.path, JSON.stringify(value, undefined, '\t'), 0o600);
      return conf;
    } catch (error) {
      // conf parses the file while constructing: a corrupt file is set aside, never wiped.
      if (!(error instanceof SyntaxError)) throw error;
      const path = join(
        options.configDir ?? new Conf({ ...settings, configName: 'probe' }).path.replace(/probe\.json$/, ''),
        `${this.namespace}.json`,
      );
      throw corrupt(path, this.#now(), error);
    }
  }

  /** Reads the whole file; a corrupt or future file is set aside (never wiped) with a clear error. */
  #read(): StoreShape {
    let raw: Partial<StoreShape>;
    try {
      raw = this.#conf.store;
    } catch (error) {
      throw corrupt(this.path, this.#now(), error);
    }
    const version = raw.version ?? STORE_VERSION;
    if (version > STORE_VERSION) {
      throw new UsageError(
        `The config file ${this.path} was written by a newer agoras (format ${version}; this one reads ${STORE_VERSION}).`,
        { fix: { kind: 'config-dir' } },
      );
    }
    const accounts = raw.accounts ?? {};
    this.#rescue.merge(accounts, (merged) => this.#conf.set('accounts', merged));
    // Whatever is read from disk is masked wherever it could be printed (errors, --debug).
    for (const account of Object.values(accounts)) {
      for (const secret of [account.clientSecret, account.accessToken, account.refreshToken])
        registerSecret(secret);
    }
    return { version, accounts, ledger: raw.ledger ?? {}, defaultAccount: raw.defaultAccount };
  }

  #write(key: keyof StoreShape, value: StoreShape[keyof StoreShape]): void {
    if (value === undefined) this.#conf.delete(key);
    else this.#conf.set(key, value as never);
    if (this.#conf.get('version') !== STORE_VERSION) this.#conf.set('version', STORE_VERSION);
    tighten(this.path, 0o600);
  }

  /** Every saved account, by username. */
  accounts(): Record<string, AccountRecord> {
    return this.#read().accounts;
  }

  account(username: string): AccountRecord | undefined {
    return this.#read().accounts[username];
  }

  /** The default account's name: the one set explicitly, else the only one. */
  defaultAccount(): string | undefined {
    const data = this.#read();
    if (data.defaultAccount && data.accounts[data.defaultAccount]) return data.defaultAccount;
    const names = Object.keys(data.accounts);
    return names.length === 1 ? names[0] : undefined;
  }

  setDefault(username: string): void {
    this.#locked(() => this.#write('defaultAccount', username));
  }

  /** Every read-modify-write of the file happens under one lock shared by all agoras processes. */
  #locked<T>(fn: () => T): T {
    return withFileLock(`${this.path}.lock`, fn);
  }

  /** Saves (or replaces) an account; conf writes atomically, so a crash leaves the old or the new file. */
  saveAccount(record: AccountRecord): void {
    checkAccountName(record.username);
    const next = this.#stamped(record);
    try {
      this.#saveMain(next);
    } catch (error) {
      // TikTok has already rotated the refresh token: losing the new one logs the account out.
      // Keep it beside the config (0600); the next read merges it back. Only if that fails too, give up.
      try {
        this.#rescue.write(next);
      } catch {
        throw error;
      }
    }
  }

  /**
   * Before TikTok is asked for a new login (a refresh rotates the refresh token, a code exchange
   * issues one): proves it can be kept, by reserving its rescue file where the config lives. If
   * the directory is read-only or full, this throws and TikTok is not asked, so the saved login
   * stays valid. `save` then writes the config, or, if that fails, the reserved rescue file.
   */
  prepareLoginSave(username: string): { save(record: AccountRecord): void; cancel(): void } {
    checkAccountName(username);
    const current = this.#read().accounts[username];
    const bytes = Math.max(4096, 2 * JSON.stringify(current ?? {}).length + 2048);
    let reservation: ReturnType<RescueFiles['reserve']>;
    try {
      reservation = this.#rescue.reserve(username, bytes);
    } catch (error) {
      throw cannotKeepLogin(username, this.dir, error);
    }
    return {
      save: (record) => {
        const next = this.#stamped(record);
        try {
          this.#saveMain(next);
          reservation.drop();
        } catch (error) {
          try {
            reservation.keep(next);
          } catch {
            throw error;
          }
        }
      },
      cancel: () => reservation.drop(),
    };
  }

  #stamped(record: AccountRecord): AccountRecord {
    for (const secret of [record.clientSecret, record.accessToken, record.refreshToken])
      registerSecret(secret);
    return { ...record, updatedAt: this.#now() };
  }

  #saveMain(next: AccountRecord): void {
    this.#locked(() => {
      const accounts = this.#read().accounts;
      accounts[next.username] = next;
      this.#write('accounts', accounts);
    });
  }

  removeAccount(username: string): void {
    this.#locked(() => {
      const data = this.#read();
      delete data.accounts[username];
      this.#write('accounts', data.accounts);
      if (data.defaultAccount === username) this.#write('defaultAccount', undefined);
    });
  }

  /** The ledger entry for a feed item or sheet row, if it was already posted. */
  posted(key: string): LedgerEntry | undefined {
    return this.#read().ledger[key];
  }

  /** Drops a ledger entry when TikTok surely published nothing, so the item can be tried again. */
  forgetPosted(key: string): void {
    this.#locked(() => {
      const ledger = this.#read().ledger;
      delete ledger[key];
      this.#write('ledger', ledger);
    });
  }

  /** Writes an entry only if the current one is still `expected` (compared whole); false when it changed. */
  claimPosted(key: string, entry: LedgerEntry, expected: LedgerEntry | undefined): boolean {
    return this.#locked(() => {
      const ledger = this.#read().ledger;
      if (JSON.stringify(ledger[key]) !== JSON.stringify(expected)) return false;
      ledger[key] = entry;
      this.#write('ledger', ledger);
      return true;
    });
  }

  recordPosted(key: string, entry: LedgerEntry): void {
    this.#locked(() => {
      const ledger = this.#read().ledger;
      ledger[key] = entry;
      this.#write('ledger', ledger);
    });
  }

  /** The whole ledger at once, for runs that look up many entries. */
  ledger(): Record<string, LedgerEntry> {
    return this.#read().ledger;
  }
}

/** Moves a corrupt config aside under a timestamped name and says how to recover. */
function corrupt(path: string, now: number, cause: unknown): UsageError {
  const kept = `${path}.corrupt-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
  renameSync(path, kept);
  return new UsageError(`The config file ${path} is not valid JSON; it was moved to ${kept}.`, {
    fix: { kind: 'config-repair' },
    cause,
  });
}

export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  tighten(dir, 0o700);
}

/** Narrows a path's mode when it is looser than wanted (a file or dir made earlier by hand). */
function tighten(path: string, mode: number): void {
  if ((statSync(path).mode & 0o777) !== mode) chmodSync(path, mode);
}

/** The directory the config file lives in: AGORAS_CONFIG_DIR, else conf's per-user location. */
export function configDirectory(configDir?: string): string {
  if (configDir) return configDir;
  const probe = new Conf({ projectName: 'agoras', projectSuffix: '', configName: 'probe' });
  return probe.path.replace(/probe\.json$/, '');
}
