import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { refuseSymlink } from '../lock.js';
import type { AccountRecord } from '../state-store.js';
import { ensurePrivateDir } from '../store.js';
import { writeWhole } from '../whole-write.js';
import { openSecret, sealSecret } from './seal.js';

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 24);

/**
 * Rotated tokens the Redis store could not take (an outage longer than the retries): TikTok has
 * already retired the old refresh token, so the new login is kept on this host — one 0600 file per
 * account in the 0700 config directory, sealed with AGORAS_STORE_KEY when there is one — until a
 * later run hands it to the store. File names are hashes (of the store and the account), never
 * the account name itself.
 */
export class LocalRescue {
  readonly #prefix: string;
  readonly #storeId: string;

  constructor(
    readonly dir: () => string,
    storeId: string,
    readonly key: Buffer | undefined,
  ) {
    this.#storeId = storeId;
    this.#prefix = `redis-rescue-${hash(storeId)}-`;
  }

  #context(username: string): string {
    return `rescue/${this.#storeId}/${username}`;
  }

  /** Keeps the record; throws when even this host cannot keep it (the caller says the login is lost). */
  write(record: AccountRecord): string {
    const dir = this.dir();
    ensurePrivateDir(dir);
    const path = join(dir, `${this.#prefix}${hash(record.username)}.json`);
    refuseSymlink(path, 'The rescue file');
    const text = JSON.stringify(record);
    const body = this.key
      ? { username: record.username, sealed: sealSecret(text, this.key, this.#context(record.username)) }
      : { username: record.username, record };
    writeWhole(path, JSON.stringify(body), 0o600);
    return path;
  }

  /** Every kept record of this store that opens (one that does not is left where it is). */
  list(): { path: string; record: AccountRecord }[] {
    let dir: string;
    let names: string[];
    try {
      dir = this.dir();
      names = readdirSync(dir).filter((n) => n.startsWith(this.#prefix) && n.endsWith('.json'));
    } catch {
      return [];
    }
    const out: { path: string; record: AccountRecord }[] = [];
    for (const name of names) {
      const path = join(dir, name);
      try {
        if (lstatSync(path).isSymbolicLink()) continue;
        const body = JSON.parse(readFileSync(path, 'utf8')) as {
          username: string;
          sealed?: string;
          record?: AccountRecord;
        };
        const record =
          body.sealed !== undefined
            ? this.key
              ? (JSON.parse(openSecret(body.sealed, this.key, this.#context(body.username))) as AccountRecord)
              : undefined
            : body.record;
        if (record && record.username === body.username) out.push({ path, record });
      } catch {
        // Damaged, or sealed with another key: not ours to use, and not ours to delete.
      }
    }
    return out;
  }

  remove(path: string): void {
    rmSync(path, { force: true });
  }
}
