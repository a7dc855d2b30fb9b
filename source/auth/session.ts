import { AuthError } from '../shared/errors.js';
import type { AccountRecord, Store } from '../store/store.js';
import type { TokenSource } from '../tiktok/client.js';
import { AccessTokenInvalid } from '../tiktok/errors.js';
import type { Http } from '../tiktok/http.js';
import { refreshTokens } from '../tiktok/oauth.js';
import type { TokenResponse } from '../tiktok/types.js';

/** Refresh when less than this is left, so a long upload does not outlive its token. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/** Turns a token response into the fields we keep, with absolute expiry times. */
export function tokenFields(tokens: TokenResponse, now: number) {
  return {
    openId: tokens.open_id,
    accessToken: tokens.access_token,
    accessExpiresAt: now + tokens.expires_in * 1000,
    refreshToken: tokens.refresh_token,
    refreshExpiresAt: now + tokens.refresh_expires_in * 1000,
    scopes: tokens.scope
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  };
}

/** One account's tokens: refreshed only when missing or near expiry, the rotated refresh token saved before use. */
export class Session implements TokenSource {
  readonly username: string;
  readonly #store: Store;
  readonly #apiBaseUrl: string;
  readonly #http: Http;
  readonly #now: () => number;

  /** Client key/secret given for this run (the seed passes them every time): used, saved once they worked. */
  readonly #given: { clientKey: string; clientSecret: string } | undefined;

  constructor(
    store: Store,
    username: string,
    apiBaseUrl: string,
    http: Http,
    now: () => number = Date.now,
    given?: { clientKey: string; clientSecret: string },
  ) {
    this.#store = store;
    this.username = username;
    this.#apiBaseUrl = apiBaseUrl;
    this.#http = http;
    this.#now = now;
    this.#given = given;
  }

  /** The saved account, or an AuthError telling how to authorize it. */
  account(): AccountRecord {
    const record = this.#store.account(this.username);
    if (!record) {
      throw new AuthError(`No saved TikTok account '${this.username}'.`, {
        fix: { kind: 'authorize', account: this.username },
      });
    }
    return record;
  }

  /** A usable access token, refreshing first when it is missing or expires within five minutes. */
  async accessToken(): Promise<string> {
    const record = this.account();
    if (record.accessToken && record.accessExpiresAt - REFRESH_MARGIN_MS > this.#now())
      return record.accessToken;
    return this.refresh(record);
  }

  /** Refreshes the tokens. The new refresh token is written before the new access token is handed out. */
  async refresh(record: AccountRecord = this.account()): Promise<string> {
    if (record.refreshExpiresAt <= this.#now()) {
      throw new AuthError(`The TikTok login for '${this.username}' has expired.`, {
        fix: { kind: 'authorize', account: this.username },
      });
    }
    // A precondition, not an afterthought: if the rotated token could not be kept (read-only or
    // full config directory), TikTok is not asked, and the saved refresh token stays valid.
    const keep = this.#store.prepareLoginSave(this.username);
    let tokens: TokenResponse;
    try {
      tokens = await refreshTokens(
        this.#apiBaseUrl,
        this.#given ?? record,
        record.refreshToken,
        this.#http.token,
      );
    } catch (error) {
      // Another run (cron overlap) may have rotated the token a moment ago: use what it saved.
      keep.cancel();
      const latest = this.#store.account(this.username);
      if (error instanceof AuthError && latest && latest.refreshToken !== record.refreshToken) {
        return latest.accessToken;
      }
      if (error instanceof AuthError) {
        throw new AuthError(
          `TikTok no longer accepts the saved login for '${this.username}' (revoked or expired).`,
          {
            fix: { kind: 'authorize', account: this.username },
            cause: error,
          },
        );
      }
      throw error;
    }
    // Credentials given on the command line are saved only now that TikTok accepted them.
    keep.save({ ...record, ...this.#given, ...tokenFields(tokens, this.#now()) });
    return tokens.access_token;
  }

  /** Runs a call with a valid token; if TikTok says the token is invalid, refreshes once and retries once. */
  async call<T>(fn: (accessToken: string) => Promise<T>): Promise<T> {
    const token = await this.accessToken();
    try {
      return await fn(token);
    } catch (error) {
      if (!(error instanceof AccessTokenInvalid)) throw error;
      return fn(await this.refresh());
    }
  }
}
