import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { authorize } from '../../source/auth/authorize.js';
import { type Sandbox, startSandbox } from '../../source/sandbox/index.js';
import { AuthError } from '../../source/shared/errors.js';
import { createHttp } from '../../source/shared/http.js';
import { silentReporter } from '../../source/shared/reporter.js';
import type { StateStore } from '../../source/store/state-store.js';

// The client's login against the sandbox: a key TikTok would not know is caught by the
// client-credentials check, before any browser opens, not after five minutes of waiting.
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ autoConsent: true });
});
afterAll(() => sandbox.close());

describe('a login with a key TikTok would not know', () => {
  it('fails in seconds, before any browser opens or the login URL is shown', async () => {
    const onUrl = vi.fn();
    const openBrowser = vi.fn(async () => {});
    const error = await authorize({
      username: 'ana',
      clientKey: 'sbxck_typo',
      clientSecret: sandbox.clientSecret,
      redirectUri: 'http://127.0.0.1:0/callback/',
      authUrl: sandbox.urls.tiktokAuthUrl,
      apiBaseUrl: sandbox.urls.tiktokApiBaseUrl,
      http: createHttp({ maxRetries: 0 }),
      store: {
        prepareLoginSave: async () => ({ async save() {}, async cancel() {} }),
      } as unknown as StateStore,
      reporter: silentReporter,
      onUrl,
      openBrowser,
      // Five minutes, as in a real login: the test ends long before unless the key is caught first.
      timeoutMs: 5 * 60 * 1000,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).message).toBe('TikTok rejected the client key or client secret.');
    expect(onUrl).not.toHaveBeenCalled();
    expect(openBrowser).not.toHaveBeenCalled();
  }, 20_000);
});
