import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MB } from '../../source/sandbox/chunk-rules.js';
import { type Sandbox, startSandbox } from '../../source/sandbox/index.js';
import {
  api,
  authorizeSandbox,
  authorizeUrl,
  fixture,
  getRaw,
  postForm,
  putChunk,
  videoBytesRange,
  videoSha256,
  waitForStatus,
} from './helpers.js';

let sandbox: Sandbox;
let token: string;

beforeAll(async () => {
  sandbox = await startSandbox({ autoConsent: true, statusDelayMs: 20, rateLimits: false });
  token = (await authorizeSandbox(sandbox)).access_token;
});
afterEach(() => sandbox.faults.clear());
afterAll(() => sandbox.close());

const creatorInfo = (t = token) => api(sandbox, '/v2/post/publish/creator_info/query/', t, {});
const video = fixture('sample.mp4');

async function init(video_size: number, chunk_size: number, total_chunk_count: number) {
  const res = await api(sandbox, '/v2/post/publish/video/init/', token, {
    post_info: { privacy_level: 'PUBLIC_TO_EVERYONE' },
    source_info: { source: 'FILE_UPLOAD', video_size, chunk_size, total_chunk_count },
  });
  return res.json.data as { publish_id: string; upload_url: string };
}

describe('respond faults', () => {
  it('answers N times with the status and code, then works again; hits record it', async () => {
    const id = sandbox.faults.add({ endpoint: 'video_init', status: 500, times: 2 });
    const a = await init(video.length, video.length, 1);
    expect(a).toEqual({});
    const second = await api(sandbox, '/v2/post/publish/video/init/', token, {});
    expect(second.status).toBe(500);
    expect(second.json.error.code).toBe('internal_error');
    expect((await init(video.length, video.length, 1)).publish_id).toBeDefined();
    expect(sandbox.faults.hits.filter((h) => h.id === id)).toHaveLength(2);
  });

  it('a 429 fault carries Retry-After only when asked to (TikTok sends none)', async () => {
    sandbox.faults.add({ endpoint: 'status', status: 429 });
    const bare = await api(sandbox, '/v2/post/publish/status/fetch/', token, { publish_id: 'x' });
    expect(bare.status).toBe(429);
    expect(bare.json.error.code).toBe('rate_limit_exceeded');
    expect(bare.headers).not.toHaveProperty('retry-after');
  });

  it('429 carries Retry-After', async () => {
    sandbox.faults.add({ endpoint: 'status', status: 429, retryAfterSec: 7 });
    const res = await api(sandbox, '/v2/post/publish/status/fetch/', token, { publish_id: 'x' });
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('7');
    expect(res.json.error.code).toBe('rate_limit_exceeded');
  });

  it('creator_info can answer a spam code with HTTP 200', async () => {
    sandbox.faults.add({ endpoint: 'creator_info', status: 200, code: 'spam_risk_too_many_posts' });
    const res = await creatorInfo();
    expect(res.status).toBe(200);
    expect(res.json.error.code).toBe('spam_risk_too_many_posts');
  });

  it('403 spam_risk_too_many_posts on init', async () => {
    sandbox.faults.add({ endpoint: 'photo_init', status: 403 });
    const res = await api(sandbox, '/v2/post/publish/content/init/', token, {});
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('spam_risk_too_many_posts');
  });

  it('token faults answer in the flat OAuth format', async () => {
    sandbox.faults.add({ endpoint: 'token', status: 503 });
    const res = await postForm(sandbox, 'token', { grant_type: 'refresh_token' });
    expect(res.status).toBe(503);
    expect(res.json).toEqual({
      error: 'temporarily_unavailable',
      error_description: expect.any(String),
      log_id: expect.any(String),
    });
    expect(res.headers['x-tt-logid']).toBe(res.json.log_id);
  });

  it('authorize faults answer with an HTML page', async () => {
    sandbox.faults.add({ endpoint: 'authorize', status: 503 });
    const res = await getRaw(authorizeUrl(sandbox));
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(/text\/html/);
  });
});

describe('reset and delay', () => {
  it('resets the socket mid-chunk; the client resumes from the 416 Content-Range', async () => {
    const size = 15 * MB;
    const { publish_id, upload_url } = await init(size, 5 * MB, 3);
    sandbox.faults.add({ endpoint: 'upload', action: 'reset', chunkIndex: 1, afterBytes: MB });
    const chunk = (i: number) => videoBytesRange(size, i * 5 * MB, (i + 1) * 5 * MB);
    expect((await putChunk(upload_url, chunk(0), 0, size)).status).toBe(206);
    await expect(putChunk(upload_url, chunk(1), 5 * MB, size)).rejects.toThrow();
    expect(sandbox.faults.hits.at(-1)).toMatchObject({ endpoint: 'upload', action: 'reset', chunkIndex: 1 });
    // The client does not know what landed: it tries the next chunk and is told where to resume.
    const probe = await putChunk(upload_url, chunk(2), 10 * MB, size);
    expect(probe.status).toBe(416);
    const held = /^bytes 0-(\d+)\/(\d+)$/.exec(probe.headers['content-range'] as string);
    expect(held?.[2]).toBe(String(size));
    const resumeAt = Number(held![1]) + 1;
    expect(resumeAt).toBe(5 * MB);
    expect((await putChunk(upload_url, chunk(1), resumeAt, size)).status).toBe(206);
    expect((await putChunk(upload_url, chunk(2), 10 * MB, size)).status).toBe(201);
    expect(sandbox.state.publishes.get(publish_id)!.sha256).toBe(videoSha256(size));
  });

  it('a respond fault on one chunk does not accept it', async () => {
    const { upload_url } = await init(video.length, video.length, 1);
    sandbox.faults.add({ endpoint: 'upload', status: 502, chunkIndex: 0 });
    expect((await putChunk(upload_url, video, 0, video.length)).status).toBe(502);
    expect((await putChunk(upload_url, video, 0, video.length)).status).toBe(201);
  });

  it('reset on an API endpoint drops the connection', async () => {
    sandbox.faults.add({ endpoint: 'creator_info', action: 'reset' });
    await expect(creatorInfo()).rejects.toThrow();
    expect((await creatorInfo()).status).toBe(200);
  });

  it('delay answers normally but late', async () => {
    sandbox.faults.add({ endpoint: 'creator_info', action: 'delay', delayMs: 300 });
    const t0 = Date.now();
    const res = await creatorInfo();
    expect(res.status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
  });
});

describe('token, consent and publish faults', () => {
  it('expireAccessTokens: 401 until refreshed', async () => {
    const tokens = await authorizeSandbox(sandbox);
    sandbox.faults.expireAccessTokens();
    expect((await creatorInfo(tokens.access_token)).json.error.code).toBe('access_token_invalid');
    const refreshed = await postForm(sandbox, 'token', {
      client_key: sandbox.clientKey,
      client_secret: sandbox.clientSecret,
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect((await creatorInfo(refreshed.json.access_token)).status).toBe(200);
    token = (await authorizeSandbox(sandbox)).access_token;
  });

  it('revokeRefreshTokens: refresh is invalid_grant', async () => {
    const tokens = await authorizeSandbox(sandbox);
    sandbox.faults.revokeRefreshTokens();
    const res = await postForm(sandbox, 'token', {
      client_key: sandbox.clientKey,
      client_secret: sandbox.clientSecret,
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect(res.json.error).toBe('invalid_grant');
  });

  it('denyConsent: the next authorize redirects with access_denied, the one after succeeds', async () => {
    sandbox.faults.denyConsent();
    const denied = new URL((await getRaw(authorizeUrl(sandbox))).headers.location as string);
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('state')).toBe('st-123');
    const next = new URL((await getRaw(authorizeUrl(sandbox))).headers.location as string);
    expect(next.searchParams.get('code')).toBeTruthy();
  });

  it('failNextPublish: the next publish ends FAILED with that reason, the one after completes', async () => {
    sandbox.faults.failNextPublish('spam_risk_text');
    for (const expected of [
      { status: 'FAILED', fail_reason: 'spam_risk_text' },
      { status: 'PUBLISH_COMPLETE' },
    ]) {
      const { publish_id, upload_url } = await init(video.length, video.length, 1);
      expect((await putChunk(upload_url, video, 0, video.length)).status).toBe(201);
      expect((await waitForStatus(sandbox, token, publish_id)).data).toMatchObject(expected);
    }
  });
});

describe('admin endpoints', () => {
  it('POST faults, GET state, POST reset', async () => {
    const post = (path: string, body?: unknown) =>
      request(`${sandbox.urls.adminUrl}${path}`, {
        method: 'POST',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const armed = await post('/faults', {
      faults: [{ endpoint: 'creator_info', status: 500 }],
      failNextPublish: 'internal',
    });
    expect(armed.statusCode).toBe(200);
    await armed.body.dump();
    expect((await creatorInfo()).status).toBe(500);
    const bad = await post('/faults', [{ endpoint: 'nowhere' }]);
    expect(bad.statusCode).toBe(400);
    await bad.body.dump();

    const state = await request(`${sandbox.urls.adminUrl}/state`);
    const snapshot = (await state.body.json()) as Record<string, unknown>;
    expect(snapshot).toMatchObject({
      open_id: sandbox.state.open_id,
      request_counts: { creator_info: expect.any(Number) },
    });
    expect((snapshot.publishes as unknown[]).length).toBe(sandbox.state.publishes.size);

    await (await post('/reset')).body.dump();
    expect(sandbox.state.publishes.size).toBe(0);
    expect(sandbox.state.accessTokens.size).toBe(0);
    expect((await creatorInfo()).status).toBe(401);
    token = (await authorizeSandbox(sandbox)).access_token;
  });

  it('extension handlers are tried before the 404', async () => {
    sandbox.use((_req, res, url) => {
      if (url.pathname !== '/extra/ping') return false;
      res.end('pong');
      return true;
    });
    expect((await getRaw(`${sandbox.urls.baseUrl}/extra/ping`)).text).toBe('pong');
    expect((await getRaw(`${sandbox.urls.baseUrl}/extra/other`)).status).toBe(404);
  });
});
