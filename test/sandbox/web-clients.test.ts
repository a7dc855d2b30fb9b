import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFromSpec, parseClientFlag } from '../../source/sandbox/clients.js';
import { type Sandbox, startSandbox } from '../../source/sandbox/index.js';
import { authorizeUrl, consent, getRaw, hexSha256, newVerifier, postForm } from './helpers.js';

// Login Kit for Web: the app registers https redirect URIs on its own domain, and its server exchanges
// the code with its client secret and no code_verifier ("required for mobile and desktop app only").

const WEB = {
  clientKey: 'awwebshop1234',
  clientSecret: 'web-secret-0123456789',
  redirect: 'https://shop.example.com/auth/tiktok/callback',
};
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({
    autoConsent: true,
    statusDelayMs: 10,
    clients: [
      {
        type: 'web',
        clientKey: WEB.clientKey,
        clientSecret: WEB.clientSecret,
        redirectUris: [WEB.redirect, 'https://shop.example.com/other'],
      },
    ],
  });
});
afterAll(() => sandbox.close());

/**
 * A third-party web app written from TikTok's "Login Kit for Web" page, with nothing from this project:
 * the browser is sent to the authorize URL (the CSRF state in a cookie), TikTok redirects back with
 * `code` and `state`, and the server exchanges the code with its secret.
 */
const webApp = {
  authorizeUrl(authBase: string, csrfState: string): string {
    let url = `${authBase}?client_key=${WEB.clientKey}`;
    url += '&scope=user.info.basic,video.publish';
    url += '&response_type=code';
    url += `&redirect_uri=${encodeURIComponent(WEB.redirect)}`;
    url += `&state=${csrfState}`;
    return url;
  },
  async callback(apiBase: string, callbackUrl: string, csrfState: string) {
    const query = new URL(callbackUrl).searchParams;
    if (query.get('state') !== csrfState) throw new Error('CSRF state mismatch');
    const res = await fetch(`${apiBase}/v2/oauth/token/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Cache-Control': 'no-cache' },
      body: new URLSearchParams({
        client_key: WEB.clientKey,
        client_secret: WEB.clientSecret,
        code: query.get('code')!, // URLSearchParams has already decoded it
        grant_type: 'authorization_code',
        redirect_uri: WEB.redirect,
      }),
    });
    return (await res.json()) as Record<string, unknown>;
  },
};

describe('a web client without PKCE', () => {
  it('logs in: authorize without a challenge, code exchange without a verifier, a working token', async () => {
    const state = 'csrf-7f3a';
    const first = await getRaw(webApp.authorizeUrl(sandbox.urls.tiktokAuthUrl, state));
    expect(first.status).toBe(302);
    const location = first.headers.location as string;
    expect(location.startsWith(`${WEB.redirect}?`)).toBe(true);
    const tokens = await webApp.callback(sandbox.urls.tiktokApiBaseUrl, location, state);
    expect(tokens).toMatchObject({
      token_type: 'Bearer',
      expires_in: 7200,
      scope: 'user.info.basic,video.publish',
    });
    const info = await request(`${sandbox.urls.tiktokApiBaseUrl}/v2/user/info/?fields=open_id,display_name`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(info.statusCode).toBe(200);
    expect(((await info.body.json()) as { data: { user: { open_id: string } } }).data.user.open_id).toBe(
      sandbox.state.open_id,
    );
  });

  it('may only redirect to a registered URI, matched exactly (no loopback, no other path)', async () => {
    for (const redirect_uri of [
      'https://shop.example.com/auth/tiktok/callback/',
      'https://evil.example.net/auth/tiktok/callback',
      'http://127.0.0.1:8080/callback/',
    ]) {
      const res = await getRaw(authorizeUrl(sandbox, { client_key: WEB.clientKey, redirect_uri }));
      expect(res.status).toBe(400);
      expect(res.headers.location).toBeUndefined();
      expect(res.text).toContain('not one of the redirect URIs registered for this app');
    }
  });

  it('a web app that does send a challenge is held to its verifier', async () => {
    const verifier = newVerifier();
    const url = authorizeUrl(sandbox, {
      client_key: WEB.clientKey,
      redirect_uri: WEB.redirect,
      code_challenge: hexSha256(verifier),
    });
    const code = (await consent(sandbox, url)).searchParams.get('code')!;
    const form = {
      client_key: WEB.clientKey,
      client_secret: WEB.clientSecret,
      code,
      grant_type: 'authorization_code',
      redirect_uri: WEB.redirect,
    };
    expect((await postForm(sandbox, 'token', form)).json.error_description).toBe(
      'Missing parameter: code_verifier.',
    );
    expect((await postForm(sandbox, 'token', { ...form, code_verifier: verifier })).status).toBe(200);
  });

  it("a code is its app's own: another app's key and secret cannot redeem it", async () => {
    const location = await consent(sandbox, webApp.authorizeUrl(sandbox.urls.tiktokAuthUrl, 's'));
    const res = await postForm(sandbox, 'token', {
      client_key: sandbox.clientKey,
      client_secret: sandbox.clientSecret,
      code: location.searchParams.get('code')!,
      grant_type: 'authorization_code',
      redirect_uri: WEB.redirect,
      code_verifier: newVerifier(),
    });
    expect([res.status, res.json.error]).toEqual([400, 'invalid_grant']);
  });
});

describe('the desktop client beside it', () => {
  it('still needs its code_verifier', async () => {
    const code = (await consent(sandbox, authorizeUrl(sandbox))).searchParams.get('code')!;
    const res = await postForm(sandbox, 'token', {
      client_key: sandbox.clientKey,
      client_secret: sandbox.clientSecret,
      code,
      grant_type: 'authorization_code',
      redirect_uri: 'http://127.0.0.1:53682/callback/',
    });
    expect([res.status, res.json.error_description]).toEqual([400, 'Missing parameter: code_verifier.']);
  });

  it('a registered wildcard port (*) takes any port on that host and path', async () => {
    const desktop = await startSandbox({ autoConsent: true, redirectUris: ['http://localhost:*/callback/'] });
    try {
      expect(
        (await getRaw(authorizeUrl(desktop, { redirect_uri: 'http://localhost:61234/callback/' }))).status,
      ).toBe(302);
      expect(
        (await getRaw(authorizeUrl(desktop, { redirect_uri: 'http://127.0.0.1:61234/callback/' }))).status,
      ).toBe(400);
    } finally {
      await desktop.close();
    }
  });
});

describe('registering apps', () => {
  it('--client TYPE:KEY:SECRET:URI,URI and its checks', () => {
    expect(parseClientFlag('web:k1:s1:https://a.example.com/cb,https://a.example.com/cb2')).toEqual({
      type: 'web',
      clientKey: 'k1',
      clientSecret: 's1',
      redirectUris: ['https://a.example.com/cb', 'https://a.example.com/cb2'],
    });
    expect(() => parseClientFlag('web:k1')).toThrow(/TYPE:KEY:SECRET/);
    const bad: [Parameters<typeof clientFromSpec>[0], RegExp][] = [
      [{ type: 'web', clientKey: 'k', clientSecret: 's' }, /needs at least one https redirect URI/],
      [
        { type: 'web', clientKey: 'k', clientSecret: 's', redirectUris: ['http://a.example.com/cb'] },
        /https/,
      ],
      [
        { type: 'web', clientKey: 'k', clientSecret: 's', redirectUris: ['https://localhost/cb'] },
        /own domain/,
      ],
      [
        { type: 'web', clientKey: 'k', clientSecret: 's', redirectUris: ['https://a.example.com/cb?x=1'] },
        /query/,
      ],
      [
        { type: 'desktop', clientKey: 'k', clientSecret: 's', redirectUris: ['http://a.example.com:80/'] },
        /localhost/,
      ],
      [{ type: 'mobile' as 'web', clientKey: 'k', clientSecret: 's' }, /desktop or web/],
    ];
    for (const [spec, message] of bad) expect(() => clientFromSpec(spec)).toThrow(message);
  });

  it('POST <adminUrl>/clients adds an app at run time; the state lists apps without secrets', async () => {
    const add = await request(`${sandbox.urls.adminUrl}/clients`, {
      method: 'POST',
      body: JSON.stringify({
        client_key: 'awlater',
        client_secret: 'later-secret',
        type: 'web',
        redirect_uris: ['https://later.example.org/cb'],
      }),
    });
    expect(add.statusCode).toBe(200);
    await add.body.dump();
    const res = await getRaw(
      authorizeUrl(sandbox, { client_key: 'awlater', redirect_uri: 'https://later.example.org/cb' }),
    );
    expect(res.status).toBe(302);
    const state = await getRaw(`${sandbox.urls.adminUrl}/state`);
    expect(state.json.clients.map((c: { client_key: string }) => c.client_key)).toContain('awlater');
    expect(state.text).not.toContain('later-secret');
    const refused = await request(`${sandbox.urls.adminUrl}/clients`, {
      method: 'POST',
      body: JSON.stringify({ client_key: 'x', client_secret: 'y', type: 'web' }),
    });
    expect(refused.statusCode).toBe(400);
    await refused.body.dump();
  });
});
