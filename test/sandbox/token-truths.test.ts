import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLifetimes } from '../../source/sandbox/durations.js';
import { sandboxOptionsFromEnv } from '../../source/sandbox/env.js';
import { type Sandbox, startSandbox } from '../../source/sandbox/index.js';
import { api, authorizeSandbox, postForm } from './helpers.js';

// The token endpoint as TikTok's current pages and real replies have it: 2 h / 180 d, the old access
// token alive until its own expiry after a refresh, and errors that can come with HTTP 200.

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ autoConsent: true, statusDelayMs: 10 });
});
afterAll(() => sandbox.close());

const refresh = (token: string) =>
  postForm(sandbox, 'token', {
    client_key: sandbox.clientKey,
    client_secret: sandbox.clientSecret,
    grant_type: 'refresh_token',
    refresh_token: token,
  });
const creatorInfo = (token: string) => api(sandbox, '/v2/post/publish/creator_info/query/', token, {});

describe('token lifetimes', () => {
  it('by default 2 h access and 180 d refresh, on the code exchange and on every refresh', async () => {
    const tokens = await authorizeSandbox(sandbox);
    expect([tokens.expires_in, tokens.refresh_expires_in]).toEqual([7200, 15_552_000]);
    const rotated = await refresh(tokens.refresh_token);
    expect([rotated.json.expires_in, rotated.json.refresh_expires_in]).toEqual([7200, 15_552_000]);
    const record = sandbox.state.accessTokens.get(rotated.json.access_token)!;
    expect(Math.round((record.expires_at - Date.now()) / 1000)).toBe(7200);
  });

  it('--token-lifetimes and AGORAS_SANDBOX_TOKEN_LIFETIMES take ACCESS/REFRESH durations', () => {
    expect(parseLifetimes('24h/365d', '--token-lifetimes')).toEqual({
      accessTokenTtlSec: 86_400,
      refreshTokenTtlSec: 31_536_000,
    });
    expect(parseLifetimes('90', '--token-lifetimes')).toEqual({ accessTokenTtlSec: 90 });
    expect(sandboxOptionsFromEnv({ AGORAS_SANDBOX_TOKEN_LIFETIMES: '60s/1h' })).toMatchObject({
      accessTokenTtlSec: 60,
      refreshTokenTtlSec: 3600,
    });
    for (const bad of ['2h/1h', 'soon', '1h/2d/3d', '500ms', '0']) {
      expect(() => parseLifetimes(bad, '--token-lifetimes')).toThrow(/--token-lifetimes/);
    }
  });
});

describe('refresh', () => {
  it('keeps the old access token working until it expires; only the refresh token is rotated', async () => {
    const first = await authorizeSandbox(sandbox);
    const second = await refresh(first.refresh_token);
    expect(second.status).toBe(200);
    expect((await creatorInfo(first.access_token)).status).toBe(200);
    expect((await refresh(first.refresh_token)).json.error).toBe('invalid_grant');
    // ... until its own expiry.
    sandbox.state.accessTokens.get(first.access_token)!.expires_at = Date.now() - 1;
    expect((await creatorInfo(first.access_token)).json.error.code).toBe('access_token_invalid');
    expect((await creatorInfo(second.json.access_token)).status).toBe(200);
  });
});

describe('the tokenErrorsWith200 fault', () => {
  it('answers a real token error with HTTP 200 and the flat error body, until cleared', async () => {
    const tokens = await authorizeSandbox(sandbox);
    await refresh(tokens.refresh_token);
    sandbox.faults.apply({ tokenErrorsWith200: true });
    const reused = await refresh(tokens.refresh_token);
    expect(reused.status).toBe(200);
    expect(reused.json).toEqual({
      error: 'invalid_grant',
      error_description: expect.any(String),
      log_id: expect.any(String),
    });
    const wrongClient = await postForm(sandbox, 'token', {
      client_key: sandbox.clientKey,
      client_secret: 'wrong',
      grant_type: 'client_credentials',
    });
    expect([wrongClient.status, wrongClient.json.error]).toEqual([200, 'invalid_client']);
    sandbox.faults.apply({ clear: true });
    expect((await refresh(tokens.refresh_token)).status).toBe(400);
  });
});
