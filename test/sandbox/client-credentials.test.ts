import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { authorize } from '../../source/auth/authorize.js';
import { type Sandbox, startSandbox } from '../../source/sandbox/index.js';
import { AuthError } from '../../source/shared/errors.js';
import { createHttp } from '../../source/shared/http.js';
import { silentReporter } from '../../source/shared/reporter.js';
import type { StateStore } from '../../source/store/state-store.js';
import { api, postForm } from './helpers.js';

// TikTok's client access token (grant_type=client_credentials): the sandbox answers it as TikTok
// does, so a login with a key or secret TikTok would not know fails at once, not after the browser.

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ autoConsent: true });
});
afterAll(() => sandbox.close());

const clientToken = (clientKey: string, clientSecret: string) =>
  postForm(sandbox, 'token', {
    client_key: clientKey,
    client_secret: clientSecret,
    grant_type: 'client_credentials',
  });

describe('grant_type=client_credentials', () => {
  it('the right key and secret get a client access token (clt.…, 2 h), never a user token', async () => {
    const res = await clientToken(sandbox.clientKey, sandbox.clientSecret);
    expect(res.status).toBe(200);
    expect(res.json.access_token).toMatch(/^clt\./);
    expect(res.json.expires_in).toBe(7200);
    expect(res.json.token_type).toBe('Bearer');
    expect(res.json.refresh_token).toBeUndefined();
    expect(res.json.open_id).toBeUndefined();
    // It is the app's token: the creator's endpoints refuse it.
    const info = await api(sandbox, '/v2/post/publish/creator_info/query/', res.json.access_token as string);
    expect(info.status).toBe(401);
  });

  it.each([
    ['an unknown key', 'sbxck_unknown', undefined],
    ['a wrong secret', undefined, 'wrong'],
  ])('%s → 401 invalid_client', async (_label, key, secret) => {
    const res = await clientToken(key ?? sandbox.clientKey, secret ?? sandbox.clientSecret);
    expect(res.status).toBe(401);
    expect(res.json.error).toBe('invalid_client');
  });
});

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
