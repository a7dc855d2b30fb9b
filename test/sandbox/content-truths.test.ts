import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../source/sandbox/index.js';
import { api, authorizeSandbox, fixture, putChunk, waitForStatus } from './helpers.js';

// Where the Content Posting API used to differ from TikTok: the order of checks on a photo init, and the
// shape of the upload URL.

let sandbox: Sandbox;
let publishOnly: string;
beforeAll(async () => {
  sandbox = await startSandbox({ autoConsent: true, statusDelayMs: 10, rateLimits: false });
  publishOnly = (await authorizeSandbox(sandbox, { scopes: ['user.info.basic', 'video.publish'] }))
    .access_token;
});
afterAll(() => sandbox.close());

const photoBody = (post_mode: unknown) => ({
  post_mode,
  media_type: 'PHOTO',
  post_info: { title: 't' },
  source_info: { source: 'PULL_FROM_URL', photo_images: ['https://127.0.0.1/a.jpg'], photo_cover_index: 0 },
});

describe('photo init', () => {
  it('an invalid post_mode is 400 invalid_params, even for a token that lacks video.upload', async () => {
    for (const mode of ['DRAFT', 'direct_post', 42, undefined]) {
      const res = await api(sandbox, '/v2/post/publish/content/init/', publishOnly, photoBody(mode));
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('invalid_params');
    }
  });

  it('a valid MEDIA_UPLOAD without video.upload is still scope_not_authorized', async () => {
    const res = await api(sandbox, '/v2/post/publish/content/init/', publishOnly, photoBody('MEDIA_UPLOAD'));
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('scope_not_authorized');
  });
});

describe('upload URL', () => {
  it("is shaped like TikTok's upload host path: …/video/?upload_id=…&upload_token=…, and takes the chunks", async () => {
    const video = fixture('sample.mp4');
    const init = await api(sandbox, '/v2/post/publish/video/init/', publishOnly, {
      post_info: { privacy_level: 'SELF_ONLY' },
      source_info: {
        source: 'FILE_UPLOAD',
        video_size: video.length,
        chunk_size: video.length,
        total_chunk_count: 1,
      },
    });
    const url = new URL(init.json.data.upload_url);
    expect(url.pathname).toBe('/video/');
    expect([...url.searchParams.keys()]).toEqual(['upload_id', 'upload_token']);
    expect((await putChunk(url.href, video, 0, video.length)).status).toBe(201);
    const { data } = await waitForStatus(sandbox, publishOnly, init.json.data.publish_id);
    expect(data.status).toBe('PUBLISH_COMPLETE');
    // The old path is gone: a client that builds the URL itself instead of using upload_url fails here.
    const old = await putChunk(
      `${sandbox.urls.tiktokApiBaseUrl}/upload/${url.search}`,
      video,
      0,
      video.length,
    );
    expect(old.status).toBe(404);
  });
});
