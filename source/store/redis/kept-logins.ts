import { setTimeout as sleep } from 'node:timers/promises';
import { AuthError, type NetworkError } from '../../shared/errors.js';
import { registerSecret } from '../../shared/secrets.js';
import type { AccountRecord } from '../state-store.js';
import { decodeAccount, encodeAccount } from './accounts.js';
import type { Context } from './context.js';
import type { LocalRescue } from './local-rescue.js';
import type { RedisStore } from './redis-store.js';
import { ACCOUNT_SAVE_IF } from './scripts.js';

const ROTATION_RETRY_MS = 500;

/** TikTok has rotated the token already: keep it, unless another runner stored newer ones since. */
export async function keepRotated(
  context: Context,
  username: string,
  record: AccountRecord,
  since: number,
): Promise<void> {
  const { json } = encodeAccount(context, record);
  await context.link.run(ACCOUNT_SAVE_IF, [context.keys.accounts], [username, json, String(since)]);
}

/**
 * The store went away between TikTok's rotation and our write (a Redis restart): the old refresh
 * token is already dead, so the new one is retried on fresh connections for a while; past that it
 * is kept on this host (a rescue file) until a later run hands it to the store. Only when not even
 * that works is the login lost, and said so.
 */
export async function keepThroughOutage(
  how: { reopen?: () => Promise<RedisStore>; rescue?: LocalRescue; keepMs: number },
  what: { username: string; record: AccountRecord; started: AccountRecord; cause: NetworkError },
): Promise<void> {
  const { username, record, started, cause } = what;
  const deadline = Date.now() + how.keepMs;
  while (how.reopen && Date.now() < deadline) {
    await sleep(ROTATION_RETRY_MS);
    const fresh = await how.reopen().catch(() => undefined);
    if (!fresh) continue;
    try {
      await keepRotated(fresh.accounts.context, username, record, started.updatedAt);
      return;
    } catch {
      // still down: try again
    } finally {
      await fresh.close();
    }
  }
  try {
    if (how.rescue) {
      how.rescue.write(record);
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

/**
 * Hands logins kept on this host during an outage to the store: each is saved unless the store
 * already holds the same or a later generation (another host rotated since), then its file goes.
 * One the store cannot take yet stays for the next run.
 */
export async function adoptRescued(context: Context, rescue: LocalRescue): Promise<void> {
  for (const { path, record } of rescue.list()) {
    try {
      for (const s of [record.clientSecret, record.accessToken, record.refreshToken]) registerSecret(s);
      const { keys, link } = context;
      const json = await link.command<string | null>(['HGET', keys.accounts, record.username]);
      const current = json == null ? undefined : decodeAccount(context, record.username, json);
      if (!current || (current.generation ?? 0) < (record.generation ?? 0)) {
        const { json: next } = encodeAccount(context, record);
        const since = current ? String(current.updatedAt) : '';
        const saved = Number(
          await link.run(ACCOUNT_SAVE_IF, [keys.accounts], [record.username, next, since]),
        );
        if (saved !== 1) continue;
      }
      rescue.remove(path);
    } catch {
      // The store cannot take it yet: the file stays, and the next run tries again.
    }
  }
}
