import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../source/sandbox/index.js';
import { authorizeSandbox, getRaw, type HttpResult } from './helpers.js';
import { rawRequest } from './raw-http.js';

let sandbox: Sandbox;
let profileToken: string;
let basicToken: string;

beforeAll(async () => {
  sandbox = await startSandbox({ autoConsent: true, statusDelayMs: 10 });
  profileToken = (
    await authorizeSandbox(sandbox, { scopes: ['user.info.basic', 'user.info.profile', 'video.publish'] })
  ).access_token;
  basicToken = (await authorizeSandbox(sandbox, { scopes: ['user.info.basic', 'video.publish'] }))
    .access_token;
});
afterAll(() => sandbox.close());

async function userInfo(token: string | undefined, fields?: string): Promise<HttpResult> {
  const url = `${sandbox.urls.tiktokApiBaseUrl}/v2/user/info/${fields === undefined ? '' : `?fields=${fields}`}`;
  const headers: [string, string][] = token === undefined ? [] : [['Authorization', `Bearer ${token}`]];
  const res = await rawRequest(url, { method: 'GET', headers });
  const text = res.body.toString();
  return { status: res.status, headers: res.headers, text, json: text ? JSON.parse(text) : undefined };
}

describe('GET /v2/user/info/', () => {
  it("Postiz's request: fields=open_id,avatar_url,display_name,union_id,username → data.user with those", async () => {
    const res = await userInfo(profileToken, 'open_id,avatar_url,display_name,union_id,username');
    expect(res.status).toBe(200);
    expect(res.json.error).toMatchObject({ code: 'ok', message: '' });
    expect(res.headers['x-tt-logid']).toBe(res.json.error.log_id);
    expect(res.json.data).toEqual({
      user: {
        open_id: sandbox.state.open_id,
        avatar_url: sandbox.state.creator.creator_avatar_url,
        display_name: 'Sandbox Creator',
        union_id: sandbox.state.union_id,
        username: 'sandbox.creator',
      },
    });
  });

  it('returns only the fields asked for, and ignores names it does not know', async () => {
    const res = await userInfo(basicToken, 'open_id,shoe_size');
    expect(res.status).toBe(200);
    expect(res.json.data).toEqual({ user: { open_id: sandbox.state.open_id } });
  });

  it('username needs user.info.profile: with user.info.basic alone it is 401 scope_not_authorized', async () => {
    const res = await userInfo(basicToken, 'open_id,union_id,display_name,avatar_large_url,username');
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('scope_not_authorized');
    expect(res.json.error.message).toMatch(/^The user did not authorize the scope required/);
    expect(res.json.data).toEqual({});
  });

  it('stats fields need user.info.stats', async () => {
    expect((await userInfo(profileToken, 'follower_count')).json.error.code).toBe('scope_not_authorized');
  });

  it('a token without any user.info scope cannot read even open_id', async () => {
    const publishOnly = (await authorizeSandbox(sandbox, { scopes: ['video.publish'] })).access_token;
    expect((await userInfo(publishOnly, 'open_id')).status).toBe(401);
  });

  it('no fields → 400 invalid_params; no token → 401 access_token_invalid', async () => {
    const none = await userInfo(profileToken);
    expect(none.status).toBe(400);
    expect(none.json.error.code).toBe('invalid_params');
    const anonymous = await userInfo(undefined, 'open_id');
    expect(anonymous.status).toBe(401);
    expect(anonymous.json.error.code).toBe('access_token_invalid');
  });

  it('needs its trailing slash like every TikTok path', async () => {
    expect((await getRaw(`${sandbox.urls.tiktokApiBaseUrl}/v2/user/info?fields=open_id`)).status).toBe(404);
  });
});
