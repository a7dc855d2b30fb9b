import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { authorize, type LoginUrlInfo } from '../../source/auth/authorize.js';
import { AuthError } from '../../source/shared/errors.js';
import { createHttp } from '../../source/shared/http.js';
import { silentReporter } from '../../source/shared/reporter.js';
import type { StateStore } from '../../source/store/state-store.js';

let server: Server | undefined;
afterEach(() => server?.close());

/** A token endpoint that answers client_credentials as TikTok does for this client. */
async function tokenEndpoint(error: string | undefined): Promise<{ url: string; grants: string[] }> {
  const grants: string[] = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      grants.push(new URLSearchParams(body).get('grant_type') ?? '');
      res.writeHead(error ? 401 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(error ? { error, error_description: 'no' } : { access_token: 'clt.x' }));
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, grants };
}

function login(
  apiBaseUrl: string,
  onUrl: (url: string, info: LoginUrlInfo) => void,
  openBrowser?: () => Promise<void>,
) {
  const controller = new AbortController();
  const done = authorize({
    username: 'ana',
    clientKey: 'ck',
    clientSecret: 'wrong',
    redirectUri: 'http://127.0.0.1:0/callback/',
    authUrl: 'https://www.tiktok.com/v2/auth/authorize/',
    apiBaseUrl,
    http: createHttp({ maxRetries: 0 }),
    store: {
      prepareLoginSave: async () => ({ async save() {}, async cancel() {} }),
    } as unknown as StateStore,
    reporter: silentReporter,
    onUrl,
    ...(openBrowser ? { openBrowser } : {}),
    signal: controller.signal,
    timeoutMs: 2000,
  });
  return { done, controller };
}

describe('authorize', () => {
  it('reports a wrong client secret before any browser opens', async () => {
    const { url, grants } = await tokenEndpoint('invalid_client');
    const onUrl = vi.fn();
    const openBrowser = vi.fn(async () => {});
    const { done } = login(url, onUrl, openBrowser);
    const error = await done.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).message).toBe('TikTok rejected the client key or client secret.');
    expect(grants).toEqual(['client_credentials']);
    expect(openBrowser).not.toHaveBeenCalled();
    expect(onUrl).not.toHaveBeenCalled();
  });

  it('says whether the browser opened, and on which loopback port the login waits', async () => {
    const { url } = await tokenEndpoint(undefined);
    const seen: LoginUrlInfo[] = [];
    const none = login(url, (_u, info) => seen.push(info));
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    none.controller.abort();
    await none.done.catch(() => {});
    const failing = login(
      url,
      (_u, info) => seen.push(info),
      async () => Promise.reject(new Error('no xdg-open')),
    );
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    failing.controller.abort();
    await failing.done.catch(() => {});
    expect(seen.map((i) => i.browser)).toEqual(['unavailable', 'failed']);
    expect(seen[0]!.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback\/$/);
    expect(seen[0]!.redirectUri).not.toContain(':0/');
  });
});
