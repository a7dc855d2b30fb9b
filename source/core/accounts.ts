import { AuthError, UsageError } from '../shared/errors.js';
import { mask } from '../shared/secrets.js';
import type { AccountRecord } from '../store/store.js';
import { revokeToken } from '../tiktok/oauth.js';
import type { CreatorInfo } from '../tiktok/types.js';
import { type CapUsage, usageOf } from './caps.js';
import { clientFor, type Runtime, sessionFor } from './runtime.js';
import { followerCount } from './stats.js';
import { looksUnaudited } from './unaudited.js';

/** One account as `agoras accounts` reports it: checked live, secrets masked. */
export interface AccountStatus {
  username: string;
  nickname?: string;
  creatorUsername?: string;
  isDefault: boolean;
  ok: boolean;
  problem?: string;
  /** What to do about the problem, as data: re-authorize, or try again later. */
  fix?: { kind: 'authorize'; account: string } | { kind: 'retry'; hint?: string };
  scopes: string[];
  accessToken: string;
  accessExpiresAt: string;
  refreshExpiresAt: string;
  /** The app the account was authorized with (a public identifier, not a secret). */
  clientKey: string;
  configFile: string;
  /** Posts and pending drafts in the last 24 h, from the store's records (every runner's, on Redis). */
  usage?: CapUsage;
  /** The follower count (user.info.stats), 'no-scope' when the account did not grant it. */
  followers?: number | 'no-scope';
  /** creator_info offers SELF_ONLY alone: the app is not audited by TikTok yet. */
  unaudited?: boolean;
}

/**
 * Whether a saved account can post without logging in again: its refresh token is still valid,
 * and in the sandbox (a new emulator every run) it belongs to this run's emulator.
 */
export function isReady(record: AccountRecord, runtime: Runtime, now = Date.now()): boolean {
  return (
    record.refreshExpiresAt > now && (!runtime.sandbox || record.clientKey === runtime.sandbox.clientKey)
  );
}

/** Checks every saved account like `gh auth status`: refresh if due, then creator_info. */
export async function checkAccounts(
  runtime: Runtime,
  options: { dailyPostCap?: number } = {},
): Promise<AccountStatus[]> {
  const defaultName = await runtime.store.defaultAccount();
  const names = Object.keys(await runtime.store.accounts()).sort();
  const results: AccountStatus[] = [];
  for (const username of names) {
    let problem: string | undefined;
    let fix: AccountStatus['fix'];
    let creator: CreatorInfo | undefined;
    let followers: AccountStatus['followers'];
    try {
      creator = await (await clientFor(username, runtime)).creatorInfo();
      // Advice, not health: a follower count TikTok will not give leaves the account ✓.
      followers = await followerCount(runtime, username).catch(() => undefined);
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
      fix =
        error instanceof AuthError
          ? { kind: 'authorize', account: username }
          : { kind: 'retry', hint: (error as { hint?: string }).hint };
    }
    const record = await sessionFor(username, runtime).account(); // re-read: a refresh may have rotated the tokens
    if (creator && creator.creator_nickname !== record.nickname) {
      await runtime.store.saveAccount({ ...record, nickname: creator.creator_nickname });
    }
    results.push({
      username,
      nickname: creator?.creator_nickname ?? record.nickname,
      creatorUsername: creator?.creator_username,
      isDefault: username === defaultName,
      ok: problem === undefined,
      problem,
      fix,
      scopes: record.scopes,
      accessToken: mask(record.accessToken),
      accessExpiresAt: new Date(record.accessExpiresAt).toISOString(),
      refreshExpiresAt: new Date(record.refreshExpiresAt).toISOString(),
      clientKey: record.clientKey,
      configFile: runtime.store.location,
      usage: await usageOf(runtime.store.records(username), options.dailyPostCap).catch(() => undefined),
      ...(followers !== undefined ? { followers } : {}),
      ...(creator && looksUnaudited(creator) ? { unaudited: true } : {}),
    });
  }
  return results;
}

/** Revokes the account's access at TikTok, then forgets it; a failed revoke is reported, the account still removed. */
export async function removeAccount(
  runtime: Runtime,
  username: string,
): Promise<{ revoked: boolean; reason?: string }> {
  const record = await runtime.store.account(username);
  if (!record) throw new UsageError(`No saved account '${username}'.`, { fix: { kind: 'list-accounts' } });
  let revoked = true;
  let reason: string | undefined;
  try {
    // Access tokens live hours: a saved one is often expired, and revoking that would leave the grant.
    const token = await sessionFor(username, runtime)
      .accessToken()
      .catch(() => record.accessToken);
    await revokeToken(runtime.apiBaseUrl, record, token, runtime.http.token);
  } catch (error) {
    revoked = false;
    reason = (error as Error).message;
  }
  await runtime.store.removeAccount(username);
  return { revoked, reason };
}

/** Makes a saved account the default one. */
export async function setDefaultAccount(runtime: Runtime, username: string): Promise<void> {
  if (!(await runtime.store.account(username)))
    throw new UsageError(`No saved account '${username}'.`, { fix: { kind: 'list-accounts' } });
  await runtime.store.setDefault(username);
}
