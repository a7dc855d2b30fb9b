// The sandbox's verified URL prefixes: with them, a loopback URL outside every prefix is as
// unverified as a foreign domain (TikTok verifies a domain or a URL prefix for an app).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../source/sandbox/index.js';
import { api, authorizeSandbox } from './helpers.js';

let sandbox: Sandbox;
let token: string;
const PREFIX = 'http://127.0.0.1:9/tiktok/';

beforeAll(async () => {
  sandbox = await startSandbox({ autoConsent: true, statusDelayMs: 5, verifiedPrefixes: [PREFIX] });
  token = (await authorizeSandbox(sandbox)).access_token;
});
afterAll(() => sandbox.close());

const photoInit = (url: string) =>
  api(sandbox, '/v2/post/publish/content/init/', token, {
    post_info: { title: 't', privacy_level: 'SELF_ONLY', disable_comment: true, auto_add_music: false },
    source_info: { source: 'PULL_FROM_URL', photo_images: [url], photo_cover_index: 0 },
    post_mode: 'DIRECT_POST',
    media_type: 'PHOTO',
  });

describe('verified URL prefixes', () => {
  it('a photo under the prefix is accepted for pulling', async () => {
    expect((await photoInit(`${PREFIX}a.jpg`)).status).toBe(200);
  });

  it('a loopback photo outside it → 403 url_ownership_unverified', async () => {
    const res = await photoInit('http://127.0.0.1:9/elsewhere/a.jpg');
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('url_ownership_unverified');
  });
});
