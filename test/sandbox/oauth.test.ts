import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../source/sandbox/index.js';
import { hexChallenge } from '../../source/sandbox/oauth.js';
import {
  api,
  authorizeSandbox,
  authorizeUrl,
  consent,
  getRaw,
  hexSha256,
  newVerifier,
  PKCE_VECTOR,
  postForm,
} from './helpers.js';

const REDIRECT = 'http://127.0.0.1:53682/callback/';
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ autoConsent: true, statusDelayMs: 10 });
});
afterAll(() => sandbox.close());

async function codeFor(verifier: string, params: Record<string, string> = {}): Promise<string> {
  const location = await consent(
    sandbox,
    authorizeUrl(sandbox, { code_challenge: hexSha256(verifier), ...params }),
  );
  return location.searchParams.get('code')!;
}

function exchange(code: string, verifier: string, extra: Record<string, string> = {}) {
  return postForm(sandbox, 'token', {
    client_key: sandbox.clientKey,
    client_secret: sandbox.clientSecret,
    code,
    grant_type: 'authorization_code',
    redirect_uri: REDIRECT,
    code_verifier: verifier,
    ...extra,
  });
}

function refresh(refreshToken: string) {
  return postForm(sandbox, 'token', {
    client_key: sandbox.clientKey,
    client_secret: sandbox.clientSecret,
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
  });
}

const creatorInfo = (token: string) => api(sandbox, '/v2/post/publish/creator_info/query/', token, {});

describe('PKCE', () => {
  it('uses the lowercase hex SHA-256 challenge of TikTok desktop (test vector)', () => {
    expect(hexChallenge(PKCE_VECTOR.verifier)).toBe(PKCE_VECTOR.challenge);
  });
});

describe('authorization code round trip', () => {
  it('redirects with a code that needs URL-decoding, scopes and state, then issues working tokens', async () => {
    const verifier = newVerifier();
    const first = await getRaw(authorizeUrl(sandbox, { code_challenge: hexSha256(verifier), state: 'xyz' }));
    expect(first.status).toBe(302);
    const location = first.headers.location as string;
    expect(location.startsWith(`${REDIRECT}?`)).toBe(true);
    expect(location).toMatch(/code=[^&]*%21/); // '!' arrives percent-encoded
    const callback = new URL(location);
    expect(callback.searchParams.get('state')).toBe('xyz');
    expect(callback.searchParams.get('scopes')).toBe('user.info.basic,video.publish,video.upload');
    const code = callback.searchParams.get('code')!;
    expect(code).toMatch(/[*!]/);

    const res = await exchange(code, verifier);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      expires_in: 86400,
      refresh_expires_in: 31536000,
      open_id: sandbox.state.open_id,
      scope: 'user.info.basic,video.publish,video.upload',
      token_type: 'Bearer',
    });
    expect(res.json.access_token).toMatch(/^act\./);
    expect(res.json.refresh_token).toMatch(/^rft\./);
    expect(res.json).not.toHaveProperty('data');
    expect((await creatorInfo(res.json.access_token)).status).toBe(200);
  });

  it('rotates refresh tokens: the old refresh and old access token stop working at once', async () => {
    const first = await authorizeSandbox(sandbox);
    const second = await refresh(first.refresh_token);
    expect(second.status).toBe(200);
    expect(second.json.refresh_token).not.toBe(first.refresh_token);
    expect(second.json.access_token).not.toBe(first.access_token);

    const reused = await refresh(first.refresh_token);
    expect(reused.status).toBe(400);
    expect(reused.json.error).toBe('invalid_grant');
    expect(reused.json.log_id).toEqual(expect.any(String));

    const old = await creatorInfo(first.access_token);
    expect(old.status).toBe(401);
    expect(old.json.error.code).toBe('access_token_invalid');
    expect((await creatorInfo(second.json.access_token)).status).toBe(200);
    expect((await refresh(second.json.refresh_token)).status).toBe(200);
  });

  it('rejects an expired refresh token', async () => {
    const tokens = await authorizeSandbox(sandbox);
    sandbox.state.refreshTokens.get(tokens.refresh_token)!.expires_at = Date.now() - 1;
    expect((await refresh(tokens.refresh_token)).json.error).toBe('invalid_grant');
  });

  it('revoke kills the access token and its refresh token', async () => {
    const tokens = await authorizeSandbox(sandbox);
    const res = await postForm(sandbox, 'revoke', {
      client_key: sandbox.clientKey,
      client_secret: sandbox.clientSecret,
      token: tokens.access_token,
    });
    expect(res.status).toBe(200);
    expect((await creatorInfo(tokens.access_token)).status).toBe(401);
    expect((await refresh(tokens.refresh_token)).json.error).toBe('invalid_grant');
  });

  it('revoke needs the client secret', async () => {
    const tokens = await authorizeSandbox(sandbox);
    const res = await postForm(sandbox, 'revoke', {
      client_key: sandbox.clientKey,
      client_secret: 'nope',
      token: tokens.access_token,
    });
    expect(res.status).toBe(401);
    expect((await creatorInfo(tokens.access_token)).status).toBe(200);
  });
});

describe('token endpoint rejections', () => {
  it('wrong client secret → 401 invalid_client', async () => {
    const verifier = newVerifier();
    const res = await exchange(await codeFor(verifier), verifier, { client_secret: 'sbxcs_wrong' });
    expect(res.status).toBe(401);
    expect(res.json.error).toBe('invalid_client');
  });

  it('a code works once', async () => {
    const verifier = newVerifier();
    const code = await codeFor(verifier);
    expect((await exchange(code, verifier)).status).toBe(200);
    const again = await exchange(code, verifier);
    expect(again.status).toBe(400);
    expect(again.json.error).toBe('invalid_grant');
  });

  it('an expired code (10 minutes) is invalid_grant', async () => {
    const verifier = newVerifier();
    const code = await codeFor(verifier);
    const record = sandbox.state.codes.get(code)!;
    expect(record.expires_at - Date.now()).toBeGreaterThan(9 * 60_000);
    record.expires_at = Date.now() - 1;
    expect((await exchange(code, verifier)).json.error).toBe('invalid_grant');
  });

  it('the code must be URL-decoded: the still-encoded form is unknown', async () => {
    const verifier = newVerifier();
    const code = await codeFor(verifier);
    expect((await exchange(code.replace(/!/g, '%21'), verifier)).json.error).toBe('invalid_grant');
  });

  it('wrong verifier → invalid_grant; malformed verifier → invalid_request', async () => {
    const verifier = newVerifier();
    const code = await codeFor(verifier);
    expect((await exchange(code, newVerifier())).json.error).toBe('invalid_grant');
    expect((await exchange(code, 'short')).json.error).toBe('invalid_request');
    // Failed attempts do not burn the code.
    expect((await exchange(code, verifier)).status).toBe(200);
  });

  it('redirect_uri must match exactly', async () => {
    const verifier = newVerifier();
    const code = await codeFor(verifier);
    const res = await exchange(code, verifier, { redirect_uri: 'http://127.0.0.1:53682/callback' });
    expect(res.status).toBe(400);
    expect(res.json.error).toBe('invalid_grant');
  });

  it('unsupported grant type', async () => {
    const res = await postForm(sandbox, 'token', {
      client_key: sandbox.clientKey,
      client_secret: sandbox.clientSecret,
      grant_type: 'password',
    });
    expect(res.status).toBe(400);
    expect(res.json.error).toBe('unsupported_grant_type');
  });

  it('a JSON body is invalid_request', async () => {
    const res = await request(`${sandbox.urls.tiktokApiBaseUrl}/v2/oauth/token/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'refresh_token', client_key: sandbox.clientKey }),
    });
    expect(res.statusCode).toBe(400);
    expect(((await res.body.json()) as { error: string }).error).toBe('invalid_request');
  });

  it('a missing parameter is invalid_request', async () => {
    const res = await postForm(sandbox, 'token', {
      client_key: sandbox.clientKey,
      grant_type: 'authorization_code',
    });
    expect(res.json.error).toBe('invalid_request');
  });
});

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
