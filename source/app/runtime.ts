import type { Runtime } from '../core/runtime.js';
import { readSettings } from '../core/settings.js';
import { UsageError } from '../shared/errors.js';
import { createHttp, httpOptionsFromEnv } from '../shared/http.js';
import { registerSecret } from '../shared/secrets.js';
import { isHttpUrl } from '../shared/url.js';
import { openStore } from '../store/open.js';
import type { StateStore } from '../store/state-store.js';

export const DEFAULT_API_BASE_URL = 'https://open.tiktokapis.com';
export const DEFAULT_AUTH_URL = 'https://www.tiktok.com/v2/auth/authorize/';

/** An endpoint from the environment, checked: a typo is a usage error, not an unexpected one. */
function baseUrl(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const value = env[name] || fallback;
  if (!isHttpUrl(value) || /\s/.test(value)) {
    throw new UsageError(`${name} is not an http(s) URL: '${value}'.`, {
      hint: `unset it to use ${fallback}`,
    });
  }
  return value;
}

/** Builds the runtime from the environment; with `sandbox`, starts the emulator and points every URL at it. */
/** Where the run keeps its state: --store / AGORAS_STORE, --store-insecure / AGORAS_STORE_INSECURE. */
export interface StoreChoice {
  url?: string;
  insecure?: boolean;
}

/** The run's store from the environment and the flags (the flags win). */
function storeFor(env: NodeJS.ProcessEnv, namespace: 'config' | 'sandbox', choice: StoreChoice = {}) {
  return openStore({
    url: choice.url ?? env.AGORAS_STORE,
    insecure: choice.insecure ?? ['1', 'true'].includes(env.AGORAS_STORE_INSECURE ?? ''),
    key: env.AGORAS_STORE_KEY,
    configDir: env.AGORAS_CONFIG_DIR || undefined,
    namespace,
  });
}

export async function createRuntime(
  env: NodeJS.ProcessEnv,
  options: { sandbox?: boolean; store?: StoreChoice } = {},
): Promise<Runtime> {
  if (!options.sandbox) {
    const apiBaseUrl = baseUrl(env, 'TIKTOK_API_BASE_URL', DEFAULT_API_BASE_URL);
    const authUrl = baseUrl(env, 'TIKTOK_AUTH_URL', DEFAULT_AUTH_URL);
    const store = await storeFor(env, 'config', options.store);
    const http = createHttp(httpOptionsFromEnv(env));
    return {
      env,
      store,
      http,
      apiBaseUrl,
      authUrl,
      redirectUri: env.TIKTOK_REDIRECT_URI || undefined,
      settings: readSettings(env),
      rateWindows: new Map(),
      close: async () => {
        await http.close();
        await store.close();
      },
    };
  }
  const http = createHttp(httpOptionsFromEnv(env));
  const { startSandbox, sandboxOptionsFromEnv } = await import('../sandbox/index.js');
  let fromEnv: ReturnType<typeof sandboxOptionsFromEnv>;
  try {
    // AGORAS_SANDBOX_UNAUDITED, _SPARSE, _RETRY_AFTER, _PRIVATE_ACCOUNT, _STATUS_DELAY_MS (README).
    fromEnv = sandboxOptionsFromEnv(env);
  } catch (error) {
    await http.close();
    throw new UsageError((error as Error).message);
  }
  const sandbox = await startSandbox({ autoConsent: true, statusDelayMs: 1500, ...fromEnv });
  registerSecret(sandbox.clientSecret);
  let store: StateStore;
  try {
    store = await storeFor(env, 'sandbox', options.store);
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
    settings: readSettings(env),
    rateWindows: new Map(),
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
      await store.close();
    },
  };
}
