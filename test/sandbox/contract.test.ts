import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../source/sandbox/index.js';
import { api, authorizeSandbox, type HttpResult, postForm } from './helpers.js';

// TikTok's reply contract, as documented and as captured from real replies: envelope, codes, headers.

let sandbox: Sandbox;
let token: string;
const LOG_ID = /^\d{14}[0-9A-F]{20}$/;
const source_info = { source: 'FILE_UPLOAD', video_size: 100, chunk_size: 100, total_chunk_count: 1 };

beforeAll(async () => {
  sandbox = await startSandbox({ autoConsent: true, statusDelayMs: 10 });
  token = (await authorizeSandbox(sandbox)).access_token;
});
afterAll(() => sandbox.close());

/** The Content Posting envelope, exactly: data and error, nothing else; X-Tt-Logid is error.log_id. */
function expectEnvelope(res: HttpResult, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toBe('application/json; charset=UTF-8');
  expect(Object.keys(res.json).sort()).toEqual(['data', 'error']);
  expect(Object.keys(res.json.error)).toEqual(['code', 'message', 'log_id']);
  expect(res.json.error.code).toBe(code);
  expect(res.json.error.log_id).toMatch(LOG_ID);
  expect(res.headers['x-tt-logid']).toBe(res.json.error.log_id);
  if (code !== 'ok') {
    expect(res.json.data).toEqual({});
    expect(res.json.error.message).not.toBe('');
  } else {
    expect(res.json.error.message).toBe('');
  }
}

describe('the Content Posting envelope', () => {
  it('success: {data, error:{code:"ok", message:"", log_id}}, X-Tt-Logid equal to log_id', async () => {
    expectEnvelope(await api(sandbox, '/v2/post/publish/creator_info/query/', token, {}), 200, 'ok');
  });

  it('each reply has its own log_id', async () => {
    const a = await api(sandbox, '/v2/post/publish/creator_info/query/', token, {});
    const b = await api(sandbox, '/v2/post/publish/creator_info/query/', token, {});
    expect(a.json.error.log_id).not.toBe(b.json.error.log_id);
  });

  it.each([
    ['no token', undefined, '/v2/post/publish/video/init/', {}, 401, 'access_token_invalid'],
    ['a bad chunk plan', 'ok', '/v2/post/publish/video/init/', 'chunk', 400, 'invalid_params'],
    [
      'no privacy_level',
      'ok',
      '/v2/post/publish/video/init/',
      'noprivacy',
      403,
      'privacy_level_option_mismatch',
    ],
    [
      'an unknown publish_id',
      'ok',
      '/v2/post/publish/status/fetch/',
      { publish_id: 'x' },
      400,
      'invalid_publish_id',
    ],
    ['no publish_id', 'ok', '/v2/post/publish/status/fetch/', {}, 400, 'invalid_params'],
    [
      'a pull from an unverified domain',
      'ok',
      '/v2/post/publish/video/init/',
      'unverified',
      403,
      'url_ownership_unverified',
    ],
  ])('%s → HTTP %s, the error envelope', async (_label, auth, path, body, status, code) => {
    const bodies: Record<string, unknown> = {
      chunk: {
        post_info: { privacy_level: 'SELF_ONLY' },
        source_info: { ...source_info, chunk_size: 50, total_chunk_count: 2 },
      },
      noprivacy: { post_info: { title: 'x' }, source_info },
      unverified: {
        post_info: { privacy_level: 'SELF_ONLY' },
        source_info: { source: 'PULL_FROM_URL', video_url: 'https://example.com/v.mp4' },
      },
    };
    const res = await api(
      sandbox,
      path,
      auth === undefined ? undefined : token,
      typeof body === 'string' ? bodies[body] : body,
    );
    expectEnvelope(res, status, code);
  });

  it('scope_not_authorized is 401 in the envelope', async () => {
    const publishOnly = await authorizeSandbox(sandbox, { scopes: ['video.publish'] });
    const res = await api(sandbox, '/v2/post/publish/inbox/video/init/', publishOnly.access_token, {
      source_info,
    });
    expectEnvelope(res, 401, 'scope_not_authorized');
  });

  it('429 rate_limit_exceeded: the envelope, and no Retry-After', async () => {
    const own = await authorizeSandbox(sandbox);
    let res: HttpResult | undefined;
    for (let i = 0; i < 7; i++) {
      res = await api(sandbox, '/v2/post/publish/video/init/', own.access_token, {
        post_info: { privacy_level: 'SELF_ONLY' },
        source_info,
      });
    }
    expectEnvelope(res!, 429, 'rate_limit_exceeded');
    expect(res!.headers).not.toHaveProperty('retry-after');
  });
});

describe('OAuth replies are flat', () => {
  it('token success: exactly the documented keys, no envelope', async () => {
    const tokens = await authorizeSandbox(sandbox);
    const res = await postForm(sandbox, 'token', {
      client_key: sandbox.clientKey,
      client_secret: sandbox.clientSecret,
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect(res.status).toBe(200);
    expect(Object.keys(res.json).sort()).toEqual([
      'access_token',
      'expires_in',
      'open_id',
      'refresh_expires_in',
      'refresh_token',
      'scope',
      'token_type',
    ]);
  });

  it('token error: {error, error_description, log_id}, X-Tt-Logid equal to log_id', async () => {
    const res = await postForm(sandbox, 'token', {
      client_key: sandbox.clientKey,
      client_secret: sandbox.clientSecret,
      grant_type: 'refresh_token',
      refresh_token: 'rft.unknown',
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.json)).toEqual(['error', 'error_description', 'log_id']);
    expect(res.json.error).toBe('invalid_grant');
    expect(res.json.log_id).toMatch(LOG_ID);
    expect(res.headers['x-tt-logid']).toBe(res.json.log_id);
  });

  it('a successful revoke is 200 with an empty body, and the token is dead', async () => {
    const tokens = await authorizeSandbox(sandbox);
    const res = await postForm(sandbox, 'revoke', {
      client_key: sandbox.clientKey,
      client_secret: sandbox.clientSecret,
      token: tokens.access_token,
    });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(res.headers['content-length']).toBe('0');
    const after = await api(sandbox, '/v2/post/publish/creator_info/query/', tokens.access_token, {});
    expect(after.json.error.code).toBe('access_token_invalid');
  });

  it('a failed revoke answers in the flat error format', async () => {
    const res = await postForm(sandbox, 'revoke', {
      client_key: sandbox.clientKey,
      client_secret: 'sbxcs_wrong',
      token: token,
    });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ error: 'invalid_client', log_id: expect.stringMatching(LOG_ID) });
  });
});

describe('routes', () => {
  it('a wrong method on a TikTok path is 405 with Allow', async () => {
    const res = await request(`${sandbox.urls.tiktokApiBaseUrl}/v2/user/info/?fields=open_id`, {
      method: 'POST',
    });
    await res.body.dump();
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('GET');
  });
});
