import { AuthError, UsageError } from '../shared/errors.js';
import type { Http } from '../shared/http.js';
import type { Reporter } from '../shared/reporter.js';
import type { StateStore } from '../store/state-store.js';
import { TikTokClient } from '../tiktok/client.js';
import { checkClientCredentials, exchangeCode } from '../tiktok/oauth.js';
import { type CallbackServer, startCallbackServer } from './callback-server.js';
import { challengeFor, createState, createVerifier } from './pkce.js';
import { Session, tokenFields } from './session.js';

export const SCOPES = ['user.info.basic', 'video.publish', 'video.upload'];
/** Asked only when the person opts in (--with-stats, the wizard's checkbox): posts' numbers and followers. */
export const STATS_SCOPES = ['video.list', 'user.info.stats'];
export const DEFAULT_REDIRECT_URI = 'http://127.0.0.1:3455/callback/';

export interface AuthorizeOptions {
  username: string;
  clientKey: string;
  clientSecret: string;
  redirectUri?: string;
  authUrl: string;
  apiBaseUrl: string;
  http: Http;
  store: StateStore;
  reporter: Reporter;
  /** Called with the login URL once the browser was opened (or could not be): headless prints it, the wizard shows it. */
  onUrl(url: string, info: LoginUrlInfo): void;
  /** Opens the system browser; absent when there is no display or --no-browser. */
  openBrowser?(url: string): Promise<void>;
  signal?: AbortSignal;
  timeoutMs?: number;
  now?: () => number;
  /** Also ask for STATS_SCOPES. */
  withStats?: boolean;
}

/** Whether the login URL was opened in a browser: 'unavailable' (no display, --no-browser) or 'failed'. */
export interface LoginUrlInfo {
  browser: 'opened' | 'unavailable' | 'failed';
  /** The loopback redirect URI the login waits on (its port is what an SSH tunnel must forward). */
  redirectUri: string;
}

/** Builds TikTok's authorize URL for a desktop app (PKCE with a hex challenge). */
export function authorizeUrl(
  authUrl: string,
  clientKey: string,
  redirectUri: string,
  state: string,
  challenge: string,
  scopes: readonly string[] = SCOPES,
): string {
  const url = new URL(authUrl);
  url.search = new URLSearchParams({
    client_key: clientKey,
    scope: scopes.join(','),
    response_type: 'code',
    redirect_uri: redirectUri,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  return url.href;
}

/**
 * A redirect URI TikTok accepts for a desktop app, checked before anything listens: absolute
 * http(s), host localhost or 127.0.0.1, an explicit port (0 = any free one), no query or fragment.
 */
export function checkRedirectUri(uri: string): string {
  const url = URL.canParse(uri) ? new URL(uri) : undefined;
  const ok =
    url !== undefined &&
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    (url.hostname === '127.0.0.1' || url.hostname === 'localhost') &&
    /:\d+(\/|$)/.test(uri.replace(/^https?:\/\/[^/:]+/i, '')) &&
    !url.search &&
    !url.hash;
  if (!ok) {
    throw new UsageError(`'${uri}' is not a loopback redirect URI TikTok accepts for a desktop app.`, {
      hint: 'use e.g. http://127.0.0.1:3455/callback/ (localhost or 127.0.0.1, a port, no query)',
    });
  }
  return uri;
}

/** Runs TikTok's desktop login: loopback callback, browser, code exchange; saves the account. */
export async function authorize(options: AuthorizeOptions): Promise<{ username: string; nickname?: string }> {
  const now = options.now ?? Date.now;
  const verifier = createVerifier();
  const state = createState();
  const redirectUri = checkRedirectUri(options.redirectUri ?? DEFAULT_REDIRECT_URI);
  // A wrong client secret is reported now, not after the user has approved in the browser.
  await checkClientCredentials(
    options.apiBaseUrl,
    { clientKey: options.clientKey, clientSecret: options.clientSecret },
    options.http.token,
  );
  const callback = await startCallbackServer(redirectUri, state, {
    timeoutMs: options.timeoutMs ?? 5 * 60 * 1000,
    signal: options.signal,
  });
  // Whatever happens from here on, the loopback listener and its timer must not outlive the login.
  try {
    return await finishLogin(options, callback, state, verifier, now);
  } finally {
    callback.close();
  }
}

async function finishLogin(
  options: AuthorizeOptions,
  callback: CallbackServer,
  state: string,
  verifier: string,
  now: () => number,
): Promise<{ username: string; nickname?: string }> {
  const url = authorizeUrl(
    options.authUrl,
    options.clientKey,
    callback.redirectUri,
    state,
    challengeFor(verifier),
    options.withStats ? [...SCOPES, ...STATS_SCOPES] : SCOPES,
  );
  // The new login must be keepable before TikTok issues it (a read-only or full config directory):
  // checked before the browser opens, so nobody approves a login that would be lost.
  const keep = await options.store.prepareLoginSave(options.username);
  let browser: LoginUrlInfo['browser'] = 'unavailable';
  if (options.openBrowser) {
    browser = await options.openBrowser(url).then(
      () => 'opened' as const,
      () => 'failed' as const,
    );
  }
  options.onUrl(url, { browser, redirectUri: callback.redirectUri });
  options.reporter.step('Waiting for you to approve in the browser');
  const { code } = await callback.result.catch(async (error: unknown) => {
    await keep.cancel();
    throw error;
  });
  options.reporter.step('Exchanging the code for tokens');
  const creds = { clientKey: options.clientKey, clientSecret: options.clientSecret };
  let tokens: Awaited<ReturnType<typeof exchangeCode>>;
  try {
    tokens = await exchangeCode(
      options.apiBaseUrl,
      creds,
      code,
      callback.redirectUri,
      verifier,
      options.http,
    );
  } catch (error) {
    await keep.cancel();
    throw error;
  }
  const fields = tokenFields(tokens, now());
  if (!fields.scopes.includes('video.publish')) {
    await keep.cancel();
    throw new AuthError('The TikTok login did not grant video.publish, so agoras cannot post.', {
      hint: 'authorize again and keep the "post content" permission checked',
    });
  }
  // The first account becomes the default, and stays it when more are added.
  const previousDefault = await options.store.defaultAccount();
  await keep.save({ username: options.username, ...creds, ...fields, updatedAt: now() });
  await options.store.setDefault(previousDefault ?? options.username);
  const session = new Session(options.store, options.username, options.apiBaseUrl, options.http, now);
  let nickname: string | undefined;
  try {
    const info = await new TikTokClient(session, options.apiBaseUrl, options.http).creatorInfo();
    nickname = info.creator_nickname;
    await options.store.saveAccount({ ...(await session.account()), nickname });
  } catch (error) {
    options.reporter.warn(
      `Authorized, but could not read the creator's nickname: ${(error as Error).message}`,
    );
  }
  return { username: options.username, nickname };
}
