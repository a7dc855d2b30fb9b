import {
  closeSync,
  ftruncateSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { AgorasError, ExitCode } from '../shared/errors.js';
import { refuseSymlink } from './lock.js';

/** The fields of an account a rescue file holds (the whole record). */
export interface Rescuable {
  username: string;
  updatedAt: number;
}

/** A reserved rescue file not claimed for this long belongs to a run that died: removed. */
const RESERVATION_STALE_MS = 60 * 60 * 1000;

/**
 * Rescue files beside the config (0600): when the config cannot be written after TikTok rotated
 * the refresh token, the new login is kept here and merged back on the next read.
 */
export class RescueFiles {
  readonly #dir: string;
  readonly #prefix: string;

  constructor(dir: string, namespace: string) {
    this.#dir = dir;
    this.#prefix = `${namespace}.rescue-`;
  }

  path(username: string): string {
    return join(this.#dir, `${this.#prefix}${encodeURIComponent(username)}.json`);
  }

  /** Writes a rescue file outright (a save that failed after the fact). */
  write(record: Rescuable): void {
    const path = this.path(record.username);
    refuseSymlink(path, 'The rescue file');
    writeFileSync(path, JSON.stringify(record), { mode: 0o600 });
  }

  /**
   * Reserves the rescue file before a login is asked for: a placeholder of `bytes` is written now,
   * so the directory has proved it is writable and has room, and the real record later overwrites
   * it in place (no new space needed, even on a disk that filled up meanwhile).
   */
  reserve(username: string, bytes: number): Reservation {
    const path = this.path(username);
    refuseSymlink(path, 'The rescue file');
    const head = JSON.stringify({ reserved: process.pid, at: Date.now(), pad: '' });
    const placeholder = `${head.slice(0, -2)}${' '.repeat(Math.max(0, bytes - head.length))}"}`;
    try {
      writeFileSync(path, placeholder, { mode: 0o600 });
    } catch (error) {
      rmSync(path, { force: true });
      throw error;
    }
    return new Reservation(path);
  }

  /** Each rescued record, newest wins over `accounts`; `persist` saves them, then the files go. */
  merge<T extends Rescuable>(
    accounts: Record<string, T>,
    persist: (accounts: Record<string, T>) => void,
  ): void {
    let names: string[];
    try {
      names = readdirSync(this.#dir).filter((n) => n.startsWith(this.#prefix) && n.endsWith('.json'));
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(this.#dir, name);
      try {
        if (lstatSync(path).isSymbolicLink()) continue;
        const rescued = JSON.parse(readFileSync(path, 'utf8')) as T & { reserved?: number; at?: number };
        if (rescued.reserved !== undefined) {
          // A reservation, not a login: another run may be refreshing right now.
          if (Date.now() - (rescued.at ?? 0) > RESERVATION_STALE_MS) rmSync(path, { force: true });
          continue;
        }
        const current = accounts[rescued.username];
        if (!current || current.updatedAt <= rescued.updatedAt) accounts[rescued.username] = rescued;
        persist(accounts);
        rmSync(path, { force: true });
      } catch {
        // The config is still not writable: keep using the rescued copy from memory.
      }
    }
  }
}

/** A rescue file held for one login save. */
export class Reservation {
  readonly #path: string;
  #open = true;

  constructor(path: string) {
    this.#path = path;
  }

  /** Writes the record over the placeholder, in place: the blocks are already ours. */
  keep(record: Rescuable): void {
    const text = Buffer.from(JSON.stringify(record));
    const fd = openSync(this.#path, 'r+');
    try {
      writeSync(fd, text, 0, text.length, 0);
      ftruncateSync(fd, text.length);
    } finally {
      closeSync(fd);
    }
    this.#open = false;
  }

  /** The save went to the config itself: the placeholder is not needed. */
  drop(): void {
    if (this.#open) rmSync(this.#path, { force: true });
    this.#open = false;
  }
}

/** Refusing to refresh when the new login could not be kept: the old refresh token stays valid. */
export function cannotKeepLogin(username: string, dir: string, cause: unknown): AgorasError {
  const code = (cause as { code?: string }).code ?? String(cause);
  return new AgorasError(
    `Cannot save a new TikTok login for '${username}' in ${dir} (${code}); not asking TikTok for one, so the saved login stays valid.`,
    ExitCode.unexpected,
    { hint: 'make the config directory writable or free some space, then run again', cause },
  );
}
