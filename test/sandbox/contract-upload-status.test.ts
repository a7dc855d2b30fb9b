import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MB } from '../../source/sandbox/chunk-rules.js';
import { type Sandbox, startSandbox } from '../../source/sandbox/index.js';
import {
  api,
  authorizeSandbox,
  fixture,
  putChunk,
  serveFiles,
  videoBytesRange,
  waitForStatus,
} from './helpers.js';

// Upload and status replies as TikTok sends them: Content-Range on every accepted chunk, sparse statuses.

const video = fixture('sample.mp4');
let full: Sandbox;
let sparse: Sandbox;
let fullToken: string;
let sparseToken: string;
let files: Awaited<ReturnType<typeof serveFiles>>;

beforeAll(async () => {
  // The ids are released with the final status (no moderation delay): these tests are about reply shapes.
  const options = { autoConsent: true, statusDelayMs: 10, rateLimits: false, moderationDelayMs: 0 };
  full = await startSandbox(options);
  sparse = await startSandbox({ ...options, sparse: true });
  fullToken = (await authorizeSandbox(full)).access_token;
  sparseToken = (await authorizeSandbox(sparse)).access_token;
  files = await serveFiles({ '/v.mp4': video });
});
afterAll(async () => {
  await full.close();
  await sparse.close();
  await files.close();
});

async function init(
  sandbox: Sandbox,
  token: string,
  size: number,
  chunk: number,
  count: number,
  privacy = 'SELF_ONLY',
) {
  const res = await api(sandbox, '/v2/post/publish/video/init/', token, {
    post_info: { privacy_level: privacy },
    source_info: { source: 'FILE_UPLOAD', video_size: size, chunk_size: chunk, total_chunk_count: count },
  });
  expect(res.status).toBe(200);
  return res.json.data as { publish_id: string; upload_url: string };
}

describe('upload replies', () => {
  it('206 and 201 both carry Content-Range: bytes 0-{last held}/{total}, and no Range header', async () => {
    const size = 15 * MB;
    const { upload_url } = await init(full, fullToken, size, 5 * MB, 3);
    const ranges: [number, string | undefined, unknown][] = [];
    for (let i = 0; i < 3; i++) {
      const res = await putChunk(
        upload_url,
        videoBytesRange(size, i * 5 * MB, (i + 1) * 5 * MB),
        i * 5 * MB,
        size,
      );
      ranges.push([res.status, res.headers['content-range'] as string | undefined, res.headers.range]);
    }
    expect(ranges).toEqual([
      [206, `bytes 0-${5 * MB - 1}/${size}`, undefined],
      [206, `bytes 0-${10 * MB - 1}/${size}`, undefined],
      [201, `bytes 0-${size - 1}/${size}`, undefined],
    ]);
  });

  it('a one-chunk upload: 201 with the whole range', async () => {
    const { upload_url } = await init(full, fullToken, video.length, video.length, 1);
    const res = await putChunk(upload_url, video, 0, video.length);
    expect(res.status).toBe(201);
    expect(res.headers['content-range']).toBe(`bytes 0-${video.length - 1}/${video.length}`);
  });

  it('a bad chunk is 400 invalid_params in the envelope', async () => {
    const { upload_url } = await init(full, fullToken, video.length, video.length, 1);
    const res = await putChunk(upload_url, video, 0, video.length, 'application/octet-stream');
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_params');
  });
});

describe('status replies', () => {
  it('default: byte counts and the post id list are there', async () => {
    const { publish_id, upload_url } = await init(
      full,
      fullToken,
      video.length,
      video.length,
      1,
      'PUBLIC_TO_EVERYONE',
    );
    await putChunk(upload_url, video, 0, video.length);
    const { data } = await waitForStatus(full, fullToken, publish_id);
    expect(data).toMatchObject({ status: 'PUBLISH_COMPLETE', uploaded_bytes: video.length });
    expect(data.publicaly_available_post_id).toHaveLength(1);
  });

  it('sparse: only status, from PROCESSING_UPLOAD to PUBLISH_COMPLETE, even for a public post', async () => {
    const { publish_id, upload_url } = await init(
      sparse,
      sparseToken,
      video.length,
      video.length,
      1,
      'PUBLIC_TO_EVERYONE',
    );
    const before = await api(sparse, '/v2/post/publish/status/fetch/', sparseToken, { publish_id });
    expect(before.json.data).toEqual({ status: 'PROCESSING_UPLOAD' });
    await putChunk(upload_url, video, 0, video.length);
    const { data, text } = await waitForStatus(sparse, sparseToken, publish_id);
    expect(data).toEqual({ status: 'PUBLISH_COMPLETE' });
    expect(text).toMatch(/^\{"data":\{"status":"PUBLISH_COMPLETE"\},"error":\{"code":"ok"/);
    // The sandbox still knows: only the reply is sparse.
    expect(sparse.state.publishes.get(publish_id)!.post_ids).toHaveLength(1);
    expect(sparse.state.publishes.get(publish_id)!.uploaded_bytes).toBe(video.length);
  });

  it('sparse: a pull has no downloaded_bytes; FAILED keeps its fail_reason', async () => {
    const pull = await api(sparse, '/v2/post/publish/video/init/', sparseToken, {
      post_info: { privacy_level: 'SELF_ONLY' },
      source_info: { source: 'PULL_FROM_URL', video_url: files.url('/v.mp4') },
    });
    const done = await waitForStatus(sparse, sparseToken, pull.json.data.publish_id);
    expect(done.data).toEqual({ status: 'PUBLISH_COMPLETE' });
    const missing = await api(sparse, '/v2/post/publish/video/init/', sparseToken, {
      post_info: { privacy_level: 'SELF_ONLY' },
      source_info: { source: 'PULL_FROM_URL', video_url: files.url('/gone.mp4') },
    });
    const failed = await waitForStatus(sparse, sparseToken, missing.json.data.publish_id);
    expect(failed.data).toEqual({ status: 'FAILED', fail_reason: 'video_pull_failed' });
  });
});
