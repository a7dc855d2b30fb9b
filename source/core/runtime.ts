import { request } from 'undici';
import { authorize, STATS_SCOPES } from '../auth/authorize.js';
import { Session } from '../auth/session.js';
import type { Http } from '../shared/http.js';
import type { Reporter } from '../shared/reporter.js';
import type { AccountLock, PostRecordStore, StateStore } from '../store/state-store.js';
import { TikTokClient } from '../tiktok/client.js';
import { RateWindows } from '../tiktok/rate-windows.js';
import type { Settings } from './settings.js';

/** Everything a command needs, built once per run and passed in (tests point it at the sandbox). */
export interface Runtime {
  env: NodeJS.ProcessEnv;
  store: StateStore;
  http: Http;
  apiBaseUrl: string;
  authUrl: string;
  /** The app's registered redirect URI, when it is not agoras' default loopback one. */
  redirectUri?: string;
  /** Read from the environment once (poll interval, lock wait, rate-limit window). */
  settings: Settings;
  /** Each account's per-minute windows, shared by every client of this run for that account. */
  rateWindows: Map<string, RateWindows>;
  /** Client key/secret given on the command line for this run, used before they are saved. */
  given?: { clientKey: string; clientSecret: string };
  /** Set when --sandbox started the built-in emulator in this process. */
  sandbox?: {
    clientKey: string;
    clientSecret: string;
    /** The sandbox's Google Sheets: used when the schedule flags are not given. */
    sheets: { clientEmail: string; privateKey: string; id: string; name: string };
  };
  close(): Promise<void>;
}

/** Takes the account's lock: only one run per account posts at a time (overlapping runs wait, then stop). */
export function lockAccount(runtime: Runtime, username: string): Promise<AccountLock> {
  return runtime.store.lockAccount(username, runtime.settings.lockWaitMs);
}

/** The sandbox's account name when the user names none. */
export const SANDBOX_USERNAME = 'sandbox';

/**
 * In the sandbox, authorizes an account by itself when it is missing or its client differs from
 * this sandbox's, through the real login code path (the sandbox consents at once).
 */
export async function ensureSandboxAccount(
  runtime: Runtime,
  username: string,
  reporter: Reporter,
  options: { withStats?: boolean } = {},
): Promise<void> {
  const sandbox = runtime.sandbox;
  if (!sandbox) return;
  const saved = await runtime.store.account(username);
  const scoped = !options.withStats || STATS_SCOPES.every((s) => saved?.scopes.includes(s));
  if (saved && saved.clientKey === sandbox.clientKey && scoped) return;
  reporter.step(`Authorizing the sandbox account '${username}'`);
  await authorize({
    username,
    clientKey: sandbox.clientKey,
    clientSecret: sandbox.clientSecret,
    redirectUri: 'http://127.0.0.1:0/callback/',
    authUrl: runtime.authUrl,
    apiBaseUrl: runtime.apiBaseUrl,
    http: runtime.http,
    store: runtime.store,
    reporter,
    onUrl: (url) => void followConsent(url),
    withStats: options.withStats,
  });
}

/** Plays the browser's part against the auto-consenting sandbox: follow its redirect to our callback. */
export async function followConsent(url: string): Promise<void> {
  const consent = await request(url);
  await consent.body.dump();
  const location = consent.headers.location;
  if (typeof location === 'string') await (await request(location)).body.dump();
}

/** The saved account's session (refresh and rotation) on a store (the runtime's, or a lock holder's view). */
export function sessionFor(username: string, runtime: Runtime, store: StateStore = runtime.store): Session {
  return new Session(store, username, runtime.apiBaseUrl, runtime.http, Date.now, runtime.given);
}

/** One account's per-minute windows, shared by every client of this run for that account. */
function windowsFor(runtime: Runtime, username: string): RateWindows {
  const account =
    runtime.rateWindows.get(username) ?? new RateWindows({ windowMs: runtime.settings.rateWindowMs });
  runtime.rateWindows.set(username, account);
  return account;
}

/**
 * The TikTok client for a saved account: it keeps within TikTok's per-minute limits (saying so
 * through `onWait`), and its API calls stop when the signal aborts.
 */
export async function clientFor(
  username: string,
  runtime: Runtime,
  signal?: AbortSignal,
  onWait?: (message: string) => void,
): Promise<TikTokClient> {
  const session = sessionFor(username, runtime);
  await session.account();
  return new TikTokClient(session, runtime.apiBaseUrl, runtime.http, {
    signal,
    windows: windowsFor(runtime, username),
    onWait,
  });
}

/** The account's post records (history, and uploads a later run may resume). */
export function recordsFor(
  runtime: Runtime,
  username: string,
  store: StateStore = runtime.store,
): PostRecordStore {
  return store.records(username);
}

/** What publishJob needs for one account: its client, the HTTP stack, its records and the poll interval. */
export async function publishDepsFor(
  runtime: Runtime,
  username: string,
  reporter: Reporter,
  signal?: AbortSignal,
) {
  return {
    client: await clientFor(username, runtime, signal, (message) => reporter.info(message)),
    records: recordsFor(runtime, username),
    http: runtime.http,
    reporter,
    signal,
    pollIntervalMs: runtime.settings.pollIntervalMs,
  };
}
