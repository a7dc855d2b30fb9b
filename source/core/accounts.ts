import { authorizeHint, Session } from '../auth/session.js';
import { type AgorasError, AuthError, UsageError } from '../shared/errors.js';
import { mask } from '../shared/secrets.js';
import type { Store } from '../store/store.js';
import { TikTokClient } from '../tiktok/client.js';
import type { Http } from '../tiktok/http.js';
import { revokeToken } from '../tiktok/oauth.js';

/** One account as `agoras accounts` reports it: checked live, secrets masked. */
export interface AccountStatus {
  username: string;
  nickname?: string;
  creatorUsername?: string;
  isDefault: boolean;
  ok: boolean;
  problem?: string;
  fix?: string;
  scopes: string[];
  accessToken: string;
  accessExpiresAt: string;
  refreshExpiresAt: string;
  credentialsFrom: string;
}

export interface AccountDeps {
  store: Store;
  http: Http;
  apiBaseUrl: string;
  env: NodeJS.ProcessEnv;
  now?: () => number;
}

/** Checks every saved account like `gh auth status`: refresh if due, then creator_info. */
export async function checkAccounts(deps: AccountDeps): Promise<AccountStatus[]> {
  const defaultName = deps.store.defaultAccount();
  const names = Object.keys(deps.store.accounts()).sort();
  const results: AccountStatus[] = [];
  for (const username of names) {
    const session = new Session(deps.store, username, deps.apiBaseUrl, deps.http, deps.now);
    let ok = true;
    let problem: string | undefined;
    let fix: string | undefined;
    let creator: { creator_nickname: string; creator_username: string } | undefined;
    try {
      creator = await new TikTokClient(session, deps.apiBaseUrl, deps.http).creatorInfo();
    } catch (error) {
      ok = false;
      problem = error instanceof Error ? error.message : String(error);
      fix =
        error instanceof AuthError
          ? authorizeHint(username)
          : ((error as AgorasError).hint ?? 'try again later');
    }
    const record = session.account(); // re-read: a refresh may have rotated the tokens
    if (creator && creator.creator_nickname !== record.nickname) {
      deps.store.saveAccount({ ...record, nickname: creator.creator_nickname });
    }
    const envKey = deps.env.TIKTOK_CLIENT_KEY && deps.env.TIKTOK_CLIENT_KEY === record.clientKey;
    results.push({
      username,
      nickname: creator?.creator_nickname ?? record.nickname,
      creatorUsername: creator?.creator_username,
      isDefault: username === defaultName,
      ok,
      problem,
      fix,
      scopes: record.scopes,
      accessToken: mask(record.accessToken),
      accessExpiresAt: new Date(record.accessExpiresAt).toISOString(),
      refreshExpiresAt: new Date(record.refreshExpiresAt).toISOString(),
      credentialsFrom: envKey
        ? `environment (TIKTOK_CLIENT_KEY) and ${deps.store.path}`
        : `config file ${deps.store.path}`,
    });
  }
  return results;
}

/** Revokes the account's access at TikTok, then forgets it; a failed revoke is reported, the account still removed. */
export async function removeAccount(
  deps: AccountDeps,
  username: string,
): Promise<{ revoked: boolean; reason?: string }> {
  const record = deps.store.account(username);
  if (!record) throw new UsageError(`No saved account '${username}'.`, { hint: 'see agoras accounts' });
  let revoked = true;
  let reason: string | undefined;
  try {
    // Access tokens live hours: a saved one is often expired, and revoking that would leave the grant.
    const session = new Session(deps.store, username, deps.apiBaseUrl, deps.http, deps.now);
    const token = await session.accessToken().catch(() => record.accessToken);
    await revokeToken(deps.apiBaseUrl, record, token, deps.http.safe);
  } catch (error) {
    revoked = false;
    reason = (error as Error).message;
  }
  deps.store.removeAccount(username);
  return { revoked, reason };
}

/** Makes a saved account the default one. */
export function setDefaultAccount(store: Store, username: string): void {
  if (!store.account(username))
    throw new UsageError(`No saved account '${username}'.`, { hint: 'see agoras accounts' });
  store.setDefault(username);
}
