import { UsageError } from '../../shared/errors.js';
import { checkAccountName } from '../../shared/names.js';
import type { Context } from './context.js';
import { ACCOUNT_REMOVE, DEFAULT_GET, DEFAULT_SET } from './scripts.js';
import type { AccountStore, SharedAccount } from './types.js';

const SECRET_FIELDS = ['clientSecret', 'accessToken', 'refreshToken'] as const;

/** The associated data a secret is sealed with: it opens only in its own account and field. */
function secretContext(username: string, field: string): string {
  return `account/${username}/${field}`;
}

/** An account as stored: JSON with its secrets sealed (when a key is set), stamped `updatedAt`. */
export function encodeAccount(
  context: Context,
  record: SharedAccount,
): { json: string; saved: SharedAccount } {
  if (typeof record.username !== 'string' || record.username === '') {
    throw new UsageError('An account needs a user name.');
  }
  checkAccountName(record.username);
  context.mayWriteSecrets();
  const saved = { ...record, updatedAt: context.now() };
  const stored: Record<string, unknown> = { ...saved };
  for (const field of SECRET_FIELDS) {
    stored[field] = context.seal(String(record[field] ?? ''), secretContext(record.username, field));
  }
  return { json: JSON.stringify(stored), saved };
}

/** An account read back, its secrets opened; a damaged record is a UsageError naming it. */
export function decodeAccount(context: Context, username: string, json: string): SharedAccount {
  let stored: SharedAccount;
  try {
    stored = JSON.parse(json) as SharedAccount;
  } catch {
    throw new UsageError(
      `The account '${username}' in the store ${context.link.display} is damaged (not JSON).`,
    );
  }
  const account = { ...stored, username };
  for (const field of SECRET_FIELDS) {
    account[field] = context.open(String(stored[field] ?? ''), secretContext(username, field));
  }
  return account;
}

/** Accounts in one hash (one HSET or HDEL is atomic by itself), the default beside them. */
export class RedisAccounts implements AccountStore {
  constructor(readonly context: Context) {}

  async get(username: string): Promise<SharedAccount | undefined> {
    const json = await this.context.link.command<string | null>([
      'HGET',
      this.context.keys.accounts,
      username,
    ]);
    return json == null ? undefined : decodeAccount(this.context, username, json);
  }

  async list(): Promise<Record<string, SharedAccount>> {
    const reply = await this.context.link.command<Record<string, string> | string[]>([
      'HGETALL',
      this.context.keys.accounts,
    ]);
    const accounts: Record<string, SharedAccount> = {};
    for (const [name, json] of pairs(reply)) accounts[name] = decodeAccount(this.context, name, json);
    return accounts;
  }

  async save(record: SharedAccount): Promise<SharedAccount> {
    const { json, saved } = encodeAccount(this.context, record);
    await this.context.link.command(['HSET', this.context.keys.accounts, record.username, json]);
    return saved;
  }

  async remove(username: string): Promise<boolean> {
    const { keys, link } = this.context;
    return Number(await link.run(ACCOUNT_REMOVE, [keys.accounts, keys.default], [username])) === 1;
  }

  async getDefault(): Promise<string | undefined> {
    const { keys, link } = this.context;
    const name = await link.run<string | null>(DEFAULT_GET, [keys.accounts, keys.default], []);
    return name ?? undefined;
  }

  async setDefault(username: string): Promise<boolean> {
    const { keys, link } = this.context;
    return Number(await link.run(DEFAULT_SET, [keys.accounts, keys.default], [username])) === 1;
  }
}

/** A hash reply as [field, value] pairs (a map in RESP3, a flat list in RESP2). */
export function pairs(
  reply: Record<string, string> | string[] | Map<string, string> | null,
): [string, string][] {
  if (reply == null) return [];
  if (reply instanceof Map) return [...reply.entries()];
  if (Array.isArray(reply)) {
    const out: [string, string][] = [];
    for (let i = 0; i + 1 < reply.length; i += 2) out.push([reply[i]!, reply[i + 1]!]);
    return out;
  }
  return Object.entries(reply);
}
