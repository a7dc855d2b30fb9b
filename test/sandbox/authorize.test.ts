import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../source/sandbox/index.js';
import { api, authorizeSandbox, authorizeUrl, consent, getRaw, PKCE_VECTOR, postForm } from './helpers.js';

// The authorize page: what it refuses itself, what it leaves to the token step (PKCE), the consent page.

const REDIRECT = 'http://127.0.0.1:53682/callback/';
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ autoConsent: true, statusDelayMs: 10 });
});
afterAll(() => sandbox.close());

function exchange(code: string, verifier: string) {
  return postForm(sandbox, 'token', {
    client_key: sandbox.clientKey,
    client_secret: sandbox.clientSecret,
    code,
    grant_type: 'authorization_code',
    redirect_uri: REDIRECT,
    code_verifier: verifier,
  });
}

describe('PKCE is checked at the token step, not on the authorize page', () => {
  const verifier = PKCE_VECTOR.verifier;
  it.each([
    [
      'a base64url (RFC 7636) challenge',
      { code_challenge: '4xaEVb3t0T1xx6tHxA8vLcjQRfmEPcqcd7ZSt3P7S2s' },
      'invalid_grant',
    ],
    ['an uppercase hex challenge', { code_challenge: PKCE_VECTOR.challenge.toUpperCase() }, 'invalid_grant'],
    ['the plain method', { code_challenge_method: 'plain' }, 'invalid_request'],
    ['no method', { code_challenge_method: '' }, 'invalid_request'],
    ['no challenge', { code_challenge: '' }, 'invalid_request'],
  ])('%s: the page issues a code, the token exchange refuses it (%s)', async (_label, params, error) => {
    const res = await getRaw(authorizeUrl(sandbox, { code_challenge: PKCE_VECTOR.challenge, ...params }));
    expect(res.status).toBe(302);
    const code = new URL(res.headers.location as string).searchParams.get('code');
    expect(code).toBeTruthy();
    const exchanged = await exchange(code!, verifier);
    expect(exchanged.status).toBe(400);
    expect(exchanged.json.error).toBe(error);
  });

  it("TikTok's hex vector passes the token step", async () => {
    const res = await getRaw(authorizeUrl(sandbox, { code_challenge: PKCE_VECTOR.challenge }));
    const code = new URL(res.headers.location as string).searchParams.get('code')!;
    expect((await exchange(code, verifier)).status).toBe(200);
  });
});

describe('authorize page validation', () => {
  it('unknown client_key → 400 HTML page, no redirect', async () => {
    const res = await getRaw(authorizeUrl(sandbox, { client_key: 'sbxck_unknown' }));
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers.location).toBeUndefined();
  });

  it.each([
    ['a remote host', 'http://example.com:8080/cb'],
    ['no port', 'http://127.0.0.1/cb'],
    ['port 0', 'http://127.0.0.1:0/cb'],
    ['port 70000', 'http://127.0.0.1:70000/cb'],
    ['a query', 'http://127.0.0.1:8080/cb?x=1'],
    ['a fragment', 'http://127.0.0.1:8080/cb#x'],
    ['a relative URI', '/cb'],
    ['a custom scheme', 'myapp://127.0.0.1:8080/cb'],
    ['512 characters', `http://127.0.0.1:8080/${'a'.repeat(490)}`],
  ])('redirect_uri with %s → 400 HTML page, no redirect', async (_label, uri) => {
    const res = await getRaw(authorizeUrl(sandbox, { redirect_uri: uri }));
    expect(res.status).toBe(400);
    expect(res.headers.location).toBeUndefined();
  });

  it('accepts localhost and https loopback redirect URIs', async () => {
    for (const uri of ['http://localhost:9000/cb', 'https://127.0.0.1:9443/']) {
      const res = await getRaw(authorizeUrl(sandbox, { redirect_uri: uri }));
      expect(res.status).toBe(302);
      expect(res.headers.location).toMatch(new RegExp(`^${uri.replace(/[./]/g, '\\$&')}\\?code=`));
    }
  });

  it.each([
    ['response_type', { response_type: 'token' }, 'invalid_request'],
    ['no scope', { scope: '' }, 'invalid_scope'],
    ['unknown scope', { scope: 'video.publish,video.delete' }, 'invalid_scope'],
  ])('%s → redirect with an error', async (_label, params, error) => {
    const res = await getRaw(authorizeUrl(sandbox, params));
    expect(res.status).toBe(302);
    const callback = new URL(res.headers.location as string);
    expect(callback.searchParams.get('error')).toBe(error);
    expect(callback.searchParams.get('error_description')).toBeTruthy();
    expect(callback.searchParams.get('state')).toBe('st-123');
    expect(callback.searchParams.has('code')).toBe(false);
  });

  it('an app that asks only for video.upload (inbox only) is authorized, and can upload but not post', async () => {
    const tokens = await authorizeSandbox(sandbox, { scopes: ['video.upload'] });
    expect(tokens.scope).toBe('video.upload');
    const source_info = { source: 'FILE_UPLOAD', video_size: 10, chunk_size: 10, total_chunk_count: 1 };
    const inbox = await api(sandbox, '/v2/post/publish/inbox/video/init/', tokens.access_token, {
      source_info,
    });
    expect(inbox.status).toBe(200);
    const direct = await api(sandbox, '/v2/post/publish/video/init/', tokens.access_token, {
      post_info: { privacy_level: 'SELF_ONLY' },
      source_info,
    });
    expect(direct.json.error.code).toBe('scope_not_authorized');
  });

  it('missing state → redirect with invalid_request', async () => {
    const res = await getRaw(authorizeUrl(sandbox, { state: '' }));
    expect(new URL(res.headers.location as string).searchParams.get('error')).toBe('invalid_request');
  });
});

describe('consent page (no autoConsent)', () => {
  let manual: Sandbox;
  beforeAll(async () => {
    manual = await startSandbox();
  });
  afterAll(() => manual.close());

  it('shows the nickname, the scopes and Approve/Deny forms', async () => {
    const res = await getRaw(authorizeUrl(manual));
    expect(res.status).toBe(200);
    expect(res.text).toContain('Sandbox Creator');
    expect(res.text).toContain('video.publish');
    expect(res.text).toMatch(/<form method="post"/);
    expect(res.text).toContain('Approve');
    expect(res.text).toContain('Deny');
  });

  it('Approve issues a usable code; Deny redirects with access_denied', async () => {
    const tokens = await authorizeSandbox(manual);
    expect(tokens.access_token).toMatch(/^act\./);
    const denied = await consent(manual, authorizeUrl(manual, { state: 'd1' }), 'deny');
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('state')).toBe('d1');
  });

  it('a consent request can be answered only once', async () => {
    const page = await getRaw(authorizeUrl(manual));
    const id = /name="request_id" value="([0-9a-f]+)"/.exec(page.text)![1]!;
    const post = () =>
      request(manual.urls.tiktokAuthUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `request_id=${id}&decision=approve`,
      });
    const first = await post();
    await first.body.dump();
    expect(first.statusCode).toBe(302);
    const second = await post();
    await second.body.dump();
    expect(second.statusCode).toBe(400);
  });
});
