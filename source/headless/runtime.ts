import { request } from 'undici';
import { authorize } from '../auth/authorize.js';
import { UsageError } from '../core/errors.js';
import type { Reporter } from '../core/reporter.js';
import { registerSecret } from '../core/secrets.js';
import { acquireLock } from '../store/lock.js';
import { Store } from '../store/store.js';
import { createHttp, type Http, httpOptionsFromEnv } from '../tiktok/http.js';

export const DEFAULT_API_BASE_URL = 'https://open.tiktokapis.com';
export const DEFAULT_AUTH_URL = 'https://www.tiktok.com/v2/auth/authorize/';

/** Everything a command needs, built once per run and passed in (tests point it at the sandbox). */
export interface Runtime {
  env: NodeJS.ProcessEnv;
  store: Store;
  http: Http;
  apiBaseUrl: string;
  authUrl: string;
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

/** Takes the account's lock: only one run per account posts at a time (cron overlaps wait, then stop). */
export function lockAccount(runtime: Runtime, username: string): Promise<() => void> {
  return acquireLock(runtime.store.dir, `${runtime.store.namespace}-${username}`);
}

/** An endpoint from the environment, checked: a typo is a usage error, not an unexpected one. */
function baseUrl(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const value = env[name] || fallback;
  if (!/^https?:\/\/[^/\s]+/i.test(value) || !URL.canParse(value)) {
    throw new UsageError(`${name} is not an http(s) URL: '${value}'.`, {
      hint: `unset it to use ${fallback}`,
    });
  }
  return value;
}

/** The sandbox's account name when the user names none. */
export const SANDBOX_USERNAME = 'sandbox';

/** Builds the runtime from the environment; with `sandbox`, starts the emulator and points every URL at it. */
export async function createRuntime(
  env: NodeJS.ProcessEnv,
  options: { sandbox?: boolean } = {},
): Promise<Runtime> {
  if (!options.sandbox) {
    const apiBaseUrl = baseUrl(env, 'TIKTOK_API_BASE_URL', DEFAULT_API_BASE_URL);
    const authUrl = baseUrl(env, 'TIKTOK_AUTH_URL', DEFAULT_AUTH_URL);
    const store = new Store({ configDir: env.AGORAS_CONFIG_DIR || undefined, namespace: 'config' });
    const http = createHttp(httpOptionsFromEnv(env));
    return { env, store, http, apiBaseUrl, authUrl, close: () => http.close() };
  }
  const http = createHttp(httpOptionsFromEnv(env));
  const { startSandbox } = await import('../sandbox/index.js');
  const sandbox = await startSandbox({
    autoConsent: true,
    statusDelayMs: Number(env.AGORAS_SANDBOX_STATUS_DELAY_MS ?? 1500),
  });
  registerSecret(sandbox.clientSecret);
  let store: Store;
  try {
    store = new Store({ configDir: env.AGORAS_CONFIG_DIR || undefined, namespace: 'sandbox' });
  } catch (error) {
    // The emulator already listens: stop it, or the error line is followed by a run that never ends.
    await sandbox.close();
    await http.close();
    throw error;
  }
  return {
    env: {
      ...env,
      GOOGLE_SHEETS_ROOT_URL: sandbox.urls.googleSheetsRootUrl,
      GOOGLE_OAUTH_TOKEN_URL: sandbox.urls.googleOAuthTokenUrl,
    },
    store,
    http,
    apiBaseUrl: sandbox.urls.tiktokApiBaseUrl,
    authUrl: sandbox.urls.tiktokAuthUrl,
    sandbox: {
      clientKey: sandbox.clientKey,
      clientSecret: sandbox.clientSecret,
      sheets: {
        id: 'sandbox-demo',
        name: 'Schedule',
        clientEmail: sandbox.sheets.serviceAccount.clientEmail,
        // Read only by the schedule: the key is generated on first use.
        get privateKey() {
          const key = sandbox.sheets.serviceAccount.privateKey;
          registerSecret(key);
          return key;
        },
      },
    },
    close: async () => {
      await http.close();
      await sandbox.close();
    },
  };
}

/**
 * In the sandbox, authorizes an account by itself when it is missing or its client differs from
 * this sandbox's, through the real login code path (the sandbox consents at once).
 */
export async function ensureSandboxAccount(
  runtime: Runtime,
  username: string,
  reporter: Reporter,
): Promise<void> {
  const sandbox = runtime.sandbox;
  if (!sandbox) return;
  const saved = runtime.store.account(username);
  if (saved && saved.clientKey === sandbox.clientKey) return;
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
  });
}

/** Plays the browser's part against the auto-consenting sandbox: follow its redirect to our callback. */
export async function followConsent(url: string): Promise<void> {
  const consent = await request(url);
  await consent.body.dump();
  const location = consent.headers.location;
  if (typeof location === 'string') await (await request(location)).body.dump();
}
