import { AuthError, NetworkError } from '../shared/errors.js';
import type { Http } from '../shared/http.js';
import type { AccountRecord, StateStore } from '../store/state-store.js';
import type { TokenSource } from '../tiktok/client.js';
import { AccessTokenInvalid } from '../tiktok/errors.js';
import { refreshTokens } from '../tiktok/oauth.js';
import type { TokenResponse } from '../tiktok/types.js';

/** Refresh when less than this is left, so a long upload does not outlive its token. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/** How long a run waits for another run's refresh of the same account (a fleet on one store). */
const ROTATION_WAIT_MS = 30_000;

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
  readonly #store: StateStore;
  readonly #apiBaseUrl: string;
  readonly #http: Http;
  readonly #now: () => number;

  /** Client key/secret given for this run (the seed passes them every time): used, saved once they worked. */
  readonly #given: { clientKey: string; clientSecret: string } | undefined;

  constructor(
    store: StateStore,
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
  async account(): Promise<AccountRecord> {
    const record = await this.#store.account(this.username);
    if (!record) {
      throw new AuthError(`No saved TikTok account '${this.username}'.`, {
        fix: { kind: 'authorize', account: this.username },
      });
    }
    return record;
  }

  /** A usable access token, refreshing first when it is missing or expires within five minutes. */
  async accessToken(): Promise<string> {
    const record = await this.account();
    return this.#fresh(record) ? record.accessToken : this.refresh(record);
  }

  /**
   * Refreshes the tokens. The new refresh token is stored before the new access token is handed
   * out. On a shared store one run refreshes and the others wait for, then use, its new tokens.
   */
  async refresh(record?: AccountRecord, failed?: string): Promise<string> {
    const known = record ?? (await this.account());
    // The token TikTok just refused is already replaced by another run's refresh: use the new one.
    if (failed && known.accessToken !== failed && this.#fresh(known)) return known.accessToken;
    if (known.refreshExpiresAt <= this.#now()) {
      throw new AuthError(`The TikTok login for '${this.username}' has expired.`, {
        fix: { kind: 'authorize', account: this.username },
      });
    }
    // A precondition, not an afterthought: if the rotated token could not be kept (read-only or
    // full config directory, a store that may not hold tokens), TikTok is not asked, and the saved
    // refresh token stays valid.
    for (let attempt = 0; ; attempt++) {
      const turn = await this.#store.beginRefresh(this.username);
      if (turn.role === 'refresh') return this.#refreshAs(known, turn, failed);
      const rotated = await turn.rotated(known.refreshToken, ROTATION_WAIT_MS);
      if (rotated) return rotated.accessToken;
      // The other run gave up (or took too long): take a turn ourselves, a few times at most.
      if (attempt >= 2) {
        throw new NetworkError(
          `Another run is refreshing the TikTok login for '${this.username}' and did not finish; nothing was posted.`,
          { hint: 'run again in a minute' },
        );
      }
    }
  }

  async #refreshAs(
    known: AccountRecord,
    turn: Extract<Awaited<ReturnType<StateStore['beginRefresh']>>, { role: 'refresh' }>,
    failed?: string,
  ): Promise<string> {
    const current = turn.account;
    // Another run rotated the tokens since we read them (or since TikTok refused ours): use its fresh access token.
    const replaced =
      current.refreshToken !== known.refreshToken || (failed !== undefined && current.accessToken !== failed);
    if (replaced && this.#fresh(current)) {
      await turn.abandon();
      return current.accessToken;
    }
    let tokens: TokenResponse;
    try {
      tokens = await refreshTokens(
        this.#apiBaseUrl,
        this.#given ?? current,
        current.refreshToken,
        this.#http,
      );
    } catch (error) {
      // Another run (cron overlap) may have rotated the token a moment ago: use what it saved.
      await turn.abandon();
      const latest = await this.#store.account(this.username);
      if (error instanceof AuthError && latest && latest.refreshToken !== current.refreshToken) {
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
    await turn.commit({ ...current, ...this.#given, ...tokenFields(tokens, this.#now()) });
    return tokens.access_token;
  }

  /** A saved access token that is still good for more than the refresh margin. */
  #fresh(record: AccountRecord): boolean {
    return Boolean(record.accessToken) && record.accessExpiresAt - REFRESH_MARGIN_MS > this.#now();
  }

  /** Runs a call with a valid token; if TikTok says the token is invalid, refreshes once and retries once. */
  async call<T>(fn: (accessToken: string) => Promise<T>): Promise<T> {
    const token = await this.accessToken();
    try {
      return await fn(token);
    } catch (error) {
      if (!(error instanceof AccessTokenInvalid)) throw error;
      return fn(await this.refresh(undefined, token));
    }
  }
}
