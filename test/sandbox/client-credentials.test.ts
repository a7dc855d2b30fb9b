import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../source/sandbox/index.js';
import { api, postForm } from './helpers.js';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ autoConsent: true, statusDelayMs: 10 });
});
afterAll(() => sandbox.close());

// TikTok's "Client Access Token Management": POST /v2/oauth/token/ with client_key, client_secret and
// grant_type=client_credentials answers {access_token: "clt.…", expires_in: 7200, token_type: "Bearer"}.
describe('grant_type=client_credentials', () => {
  it('issues an app token for the right key and secret', async () => {
    const res = await postForm(sandbox, 'token', {
      client_key: sandbox.clientKey,
      client_secret: sandbox.clientSecret,
      grant_type: 'client_credentials',
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      access_token: expect.stringMatching(/^clt\./),
      expires_in: 7200,
      token_type: 'Bearer',
    });
  });

  it('catches a wrong client key or secret at once: 401 invalid_client', async () => {
    for (const form of [
      { client_key: 'awrongkey', client_secret: sandbox.clientSecret },
      { client_key: sandbox.clientKey, client_secret: 'wrong' },
    ]) {
      const res = await postForm(sandbox, 'token', { ...form, grant_type: 'client_credentials' });
      expect(res.status).toBe(401);
      expect(res.json.error).toBe('invalid_client');
    }
  });

  it('opens no user endpoint: a Content Posting call bearing it is access_token_invalid', async () => {
    const res = await postForm(sandbox, 'token', {
      client_key: sandbox.clientKey,
      client_secret: sandbox.clientSecret,
      grant_type: 'client_credentials',
    });
    const info = await api(sandbox, '/v2/post/publish/creator_info/query/', res.json.access_token, {});
    expect(info.status).toBe(401);
    expect(info.json.error.code).toBe('access_token_invalid');
  });
});
