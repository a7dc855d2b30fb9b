import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MB } from '../../source/sandbox/chunk-rules.js';
import { type Sandbox, startSandbox } from '../../source/sandbox/index.js';
import {
  api,
  authorizeSandbox,
  fixture,
  makeVideoBytes,
  putChunk,
  serveFiles,
  videoSha256,
  waitForStatus,
} from './helpers.js';
import { rawRequest } from './raw-http.js';

// Request shapes real clients send and TikTok accepts (Postiz's TikTok provider, TikTok-LoginKit-PHP,
// curl): the sandbox must accept them too.

let sandbox: Sandbox;
let token: string;
let files: Awaited<ReturnType<typeof serveFiles>>;
const video = fixture('sample.mp4');
const fileSource = {
  source: 'FILE_UPLOAD',
  video_size: video.length,
  chunk_size: video.length,
  total_chunk_count: 1,
};

beforeAll(async () => {
  sandbox = await startSandbox({ autoConsent: true, statusDelayMs: 10, rateLimits: false });
  token = (await authorizeSandbox(sandbox)).access_token;
  files = await serveFiles({ '/v.mp4': video });
});
afterAll(async () => {
  await sandbox.close();
  await files.close();
});

describe('Postiz-shaped requests', () => {
  it('inbox init with post_info (title only is used) and a pull source with video_cover_timestamp_ms', async () => {
    const res = await api(sandbox, '/v2/post/publish/inbox/video/init/', token, {
      post_info: { title: 'Draft from Postiz #tag', privacy_level: 'SELF_ONLY', disable_comment: false },
      source_info: {
        source: 'PULL_FROM_URL',
        video_url: files.url('/v.mp4'),
        video_cover_timestamp_ms: 1500,
      },
    });
    expect(res.status).toBe(200);
    expect(res.json.error.code).toBe('ok');
    const record = sandbox.state.publishes.get(res.json.data.publish_id)!;
    // TikTok ignores all of an inbox post_info but the title.
    expect(record.post_info).toEqual({ title: 'Draft from Postiz #tag' });
    expect(record.post_mode).toBe('MEDIA_UPLOAD');
    const { data } = await waitForStatus(sandbox, token, res.json.data.publish_id);
    expect(data.status).toBe('SEND_TO_USER_INBOX');
  });

  it('inbox init with an empty post_info, or one that is not even an object, is still accepted', async () => {
    for (const post_info of [{}, 'x', null]) {
      const res = await api(sandbox, '/v2/post/publish/inbox/video/init/', token, {
        post_info,
        source_info: fileSource,
      });
      expect(res.status).toBe(200);
      expect(sandbox.state.publishes.get(res.json.data.publish_id)!.post_info).toBeUndefined();
    }
  });

  it('creator_info POSTed with a JSON content type and no body at all', async () => {
    const res = await rawRequest(`${sandbox.urls.tiktokApiBaseUrl}/v2/post/publish/creator_info/query/`, {
      method: 'POST',
      headers: [
        ['Content-Type', 'application/json; charset=UTF-8'],
        ['Authorization', `Bearer ${token}`],
        ['Content-Length', '0'],
      ],
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString()).data.creator_nickname).toBe('Sandbox Creator');
  });

  it('TikTok-LoginKit-PHP: video_cover_timestamp_ms in post_info of a direct post', async () => {
    const res = await api(sandbox, '/v2/post/publish/video/init/', token, {
      post_info: {
        title: 'From PHP',
        privacy_level: 'SELF_ONLY',
        disable_comment: false,
        disable_duet: false,
        disable_stitch: false,
        video_cover_timestamp_ms: 1000,
      },
      source_info: fileSource,
    });
    expect(res.status).toBe(200);
  });
});

describe('one single-chunk upload of 64 MB (the most TikTok takes whole)', () => {
  it('64 000 000 bytes in one PUT → 201, every byte hashed', async () => {
    const size = 64 * MB;
    const init = await api(sandbox, '/v2/post/publish/video/init/', token, {
      post_info: { privacy_level: 'SELF_ONLY' },
      source_info: { source: 'FILE_UPLOAD', video_size: size, chunk_size: size, total_chunk_count: 1 },
    });
    expect(init.status).toBe(200);
    const res = await putChunk(init.json.data.upload_url, makeVideoBytes(size), 0, size);
    expect(res.status).toBe(201);
    expect(res.headers['content-range']).toBe(`bytes 0-${size - 1}/${size}`);
    expect(sandbox.state.publishes.get(init.json.data.publish_id)!.sha256).toBe(videoSha256(size));
  });
});

describe('HTTP details real clients differ on', () => {
  const uploadUrl = async () => {
    const res = await api(sandbox, '/v2/post/publish/video/init/', token, {
      post_info: { privacy_level: 'SELF_ONLY' },
      source_info: fileSource,
    });
    return res.json.data as { publish_id: string; upload_url: string };
  };

  it('Expect: 100-continue on an upload (curl does this for PUT): 100, then 201 once the body is in', async () => {
    const { publish_id, upload_url } = await uploadUrl();
    const res = await rawRequest(upload_url, {
      method: 'PUT',
      headers: [
        ['Content-Range', `bytes 0-${video.length - 1}/${video.length}`],
        ['Content-Length', String(video.length)],
        ['Content-Type', 'video/mp4'],
      ],
      body: video,
      expectContinue: true,
    });
    expect(res.interim).toEqual([100]);
    expect(res.status).toBe(201);
    expect(sandbox.state.publishes.get(publish_id)!.uploaded_bytes).toBe(video.length);
  });

  it('Expect: 100-continue on a JSON init', async () => {
    const body = JSON.stringify({ post_info: { privacy_level: 'SELF_ONLY' }, source_info: fileSource });
    const res = await rawRequest(`${sandbox.urls.tiktokApiBaseUrl}/v2/post/publish/video/init/`, {
      method: 'POST',
      headers: [
        ['Authorization', `Bearer ${token}`],
        ['Content-Type', 'application/json; charset=UTF-8'],
        ['Content-Length', String(Buffer.byteLength(body))],
      ],
      body,
      expectContinue: true,
    });
    expect(res.interim).toEqual([100]);
    expect(res.status).toBe(200);
  });

  it.each([
    'application/json; charset=UTF-8',
    'application/json',
    'application/json;charset=utf-8',
    'Application/JSON; Charset=UTF-8',
  ])('Content-Type %j is JSON', async (contentType) => {
    const body = JSON.stringify({ post_info: { privacy_level: 'SELF_ONLY' }, source_info: fileSource });
    const res = await rawRequest(`${sandbox.urls.tiktokApiBaseUrl}/v2/post/publish/video/init/`, {
      method: 'POST',
      headers: [
        ['Authorization', `Bearer ${token}`],
        ['Content-Type', contentType],
        ['Content-Length', String(Buffer.byteLength(body))],
      ],
      body,
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString()).error.code).toBe('ok');
  });

  it('header names in any case: API call and upload', async () => {
    const body = JSON.stringify({ post_info: { privacy_level: 'SELF_ONLY' }, source_info: fileSource });
    const init = await rawRequest(`${sandbox.urls.tiktokApiBaseUrl}/v2/post/publish/video/init/`, {
      method: 'POST',
      headers: [
        ['AUTHORIZATION', `Bearer ${token}`],
        ['content-TYPE', 'application/json'],
        ['CONTENT-LENGTH', String(Buffer.byteLength(body))],
      ],
      body,
    });
    expect(init.status).toBe(200);
    const { upload_url } = JSON.parse(init.body.toString()).data;
    const put = await rawRequest(upload_url, {
      method: 'PUT',
      headers: [
        ['CONTENT-RANGE', `bytes 0-${video.length - 1}/${video.length}`],
        ['content-length', String(video.length)],
        ['Content-type', 'video/mp4'],
      ],
      body: video,
    });
    expect(put.status).toBe(201);
  });
});
