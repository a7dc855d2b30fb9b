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
      expires_in: 7200, // 2 h and 180 d: TikTok's current pages (Nov 2026), no longer 24 h / 365 d
      refresh_expires_in: 15552000,
      open_id: sandbox.state.open_id,
      scope: 'user.info.basic,video.publish,video.upload',
      token_type: 'Bearer',
    });
    expect(res.json.access_token).toMatch(/^act\./);
    expect(res.json.refresh_token).toMatch(/^rft\./);
    expect(res.json).not.toHaveProperty('data');
    expect((await creatorInfo(res.json.access_token)).status).toBe(200);
  });

  it('rotates refresh tokens: the old refresh token stops working at once, the old access token lives on', async () => {
    const first = await authorizeSandbox(sandbox);
    const second = await refresh(first.refresh_token);
    expect(second.status).toBe(200);
    expect(second.json.refresh_token).not.toBe(first.refresh_token);
    expect(second.json.access_token).not.toBe(first.access_token);

    const reused = await refresh(first.refresh_token);
    expect(reused.status).toBe(400);
    expect(reused.json.error).toBe('invalid_grant');
    expect(reused.json.log_id).toEqual(expect.any(String));

    // TikTok documents the rotation of the refresh token only: the old access token works until it expires.
    expect((await creatorInfo(first.access_token)).status).toBe(200);
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
