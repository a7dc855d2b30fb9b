import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../source/sandbox/index.js';
import {
  api,
  authorizeSandbox,
  fixture,
  hexSha256,
  makeVideoBytes,
  serveFiles,
  waitForStatus,
} from './helpers.js';

let sandbox: Sandbox;
let token: string;
let files: Awaited<ReturnType<typeof serveFiles>>;

beforeAll(async () => {
  sandbox = await startSandbox({ autoConsent: true, statusDelayMs: 20, rateLimits: false });
  token = (await authorizeSandbox(sandbox)).access_token;
  files = await serveFiles({
    '/sample.mp4': fixture('sample.mp4'),
    '/big.mp4': makeVideoBytes(3 * 1024 * 1024 + 7),
    '/page.mp4': { body: '<html>not a video</html>', contentType: 'video/mp4' },
    '/moved.mp4': { status: 302, headers: { location: '/sample.mp4' } },
    '/sample.jpg': fixture('sample.jpg'),
    '/sample.png': fixture('sample.png'),
    '/sample.webp': fixture('sample.webp'),
    '/error.jpg': { body: '<!doctype html><h1>Oops</h1>', contentType: 'image/jpeg' },
  });
});
afterAll(async () => {
  await sandbox.close();
  await files.close();
});

const pullVideo = (video_url: string) =>
  api(sandbox, '/v2/post/publish/video/init/', token, {
    post_info: { privacy_level: 'MUTUAL_FOLLOW_FRIENDS', title: 'pulled' },
    source_info: { source: 'PULL_FROM_URL', video_url },
  });

const pullPhotos = (photo_images: string[], post_mode = 'DIRECT_POST', extra: Record<string, unknown> = {}) =>
  api(sandbox, '/v2/post/publish/content/init/', token, {
    post_info: {
      title: 'Slides',
      description: 'Three photos',
      privacy_level: 'PUBLIC_TO_EVERYONE',
      auto_add_music: true,
      ...extra,
    },
    source_info: { source: 'PULL_FROM_URL', photo_images, photo_cover_index: 0 },
    post_mode,
    media_type: 'PHOTO',
  });

describe('video PULL_FROM_URL', () => {
  it('downloads the video, hashes it and publishes', async () => {
    const res = await pullVideo(files.url('/big.mp4'));
    expect(res.status).toBe(200);
    expect(res.json.data).toEqual({ publish_id: expect.stringMatching(/^v_pub_url~v2-1\.\d+$/) });
    const { data } = await waitForStatus(sandbox, token, res.json.data.publish_id);
    expect(data.status).toBe('PUBLISH_COMPLETE');
    expect(data.downloaded_bytes).toBe(3 * 1024 * 1024 + 7);
    const record = sandbox.state.publishes.get(res.json.data.publish_id)!;
    expect(record.sha256).toBe(hexSha256(makeVideoBytes(3 * 1024 * 1024 + 7)));
    expect(files.requests.some((r) => r.method === 'GET' && r.path === '/big.mp4')).toBe(true);
  });

  it('reports PROCESSING_DOWNLOAD before the final state', async () => {
    const res = await pullVideo(files.url('/sample.mp4'));
    const first = await api(sandbox, '/v2/post/publish/status/fetch/', token, {
      publish_id: res.json.data.publish_id,
    });
    expect(first.json.data.status).toBe('PROCESSING_DOWNLOAD');
    expect((await waitForStatus(sandbox, token, res.json.data.publish_id)).data.status).toBe(
      'PUBLISH_COMPLETE',
    );
  });

  it('does not follow redirects: FAILED video_pull_failed', async () => {
    const res = await pullVideo(files.url('/moved.mp4'));
    const { data } = await waitForStatus(sandbox, token, res.json.data.publish_id);
    expect(data).toMatchObject({ status: 'FAILED', fail_reason: 'video_pull_failed' });
  });

  it('a 404 is video_pull_failed; a non-video body is file_format_check_failed', async () => {
    const missing = await pullVideo(files.url('/nope.mp4'));
    expect((await waitForStatus(sandbox, token, missing.json.data.publish_id)).data.fail_reason).toBe(
      'video_pull_failed',
    );
    const page = await pullVideo(files.url('/page.mp4'));
    expect((await waitForStatus(sandbox, token, page.json.data.publish_id)).data.fail_reason).toBe(
      'file_format_check_failed',
    );
  });
});

describe('photo pulls', () => {
  it('pulls JPEG, PNG and WebP and records each hash; the PNG fails the post file_format_check_failed', async () => {
    const urls = ['/sample.jpg', '/sample.png', '/sample.webp'].map((p) => files.url(p));
    const res = await pullPhotos(urls);
    expect(res.status).toBe(200);
    expect(res.json.data.publish_id).toMatch(/^p_pub_url~v2\.\d+$/);
    const { data } = await waitForStatus(sandbox, token, res.json.data.publish_id);
    // TikTok's photo posts take JPEG and WebP only.
    expect(data).toMatchObject({ status: 'FAILED', fail_reason: 'file_format_check_failed' });
    const record = sandbox.state.publishes.get(res.json.data.publish_id)!;
    expect(record.media_type).toBe('PHOTO');
    expect(record.images).toEqual([
      {
        url: urls[0],
        bytes: fixture('sample.jpg').length,
        sha256: hexSha256(fixture('sample.jpg')),
        format: 'jpeg',
      },
      {
        url: urls[1],
        bytes: fixture('sample.png').length,
        sha256: hexSha256(fixture('sample.png')),
        format: 'png',
      },
      {
        url: urls[2],
        bytes: fixture('sample.webp').length,
        sha256: hexSha256(fixture('sample.webp')),
        format: 'webp',
      },
    ]);
  });

  it('MEDIA_UPLOAD ends in the inbox', async () => {
    const res = await pullPhotos([files.url('/sample.jpg')], 'MEDIA_UPLOAD');
    expect(res.json.data.publish_id).toMatch(/^p_inbox_url~v2\.\d+$/);
    expect((await waitForStatus(sandbox, token, res.json.data.publish_id)).data.status).toBe(
      'SEND_TO_USER_INBOX',
    );
  });

  it('a 404 image fails the post with photo_pull_failed', async () => {
    const res = await pullPhotos([files.url('/sample.jpg'), files.url('/gone.jpg')]);
    const { data } = await waitForStatus(sandbox, token, res.json.data.publish_id);
    expect(data).toMatchObject({ status: 'FAILED', fail_reason: 'photo_pull_failed' });
  });

  it('HTML served as image/jpeg fails with photo_pull_failed', async () => {
    const res = await pullPhotos([files.url('/error.jpg')]);
    expect((await waitForStatus(sandbox, token, res.json.data.publish_id)).data.fail_reason).toBe(
      'photo_pull_failed',
    );
  });

  it('validates photo fields at init', async () => {
    const one = [files.url('/sample.jpg')];
    const cases: [unknown, number, string][] = [
      [await pullPhotos(one, 'DIRECT_POST', { title: 'x'.repeat(91) }), 400, 'invalid_params'],
      [await pullPhotos(one, 'DIRECT_POST', { description: 'x'.repeat(4001) }), 400, 'invalid_params'],
      [await pullPhotos(one, 'DIRECT_POST', { disable_comment: 'yes' }), 400, 'invalid_params'],
      [
        await pullPhotos(one, 'DIRECT_POST', { privacy_level: undefined }),
        403,
        'privacy_level_option_mismatch',
      ],
      [
        await pullPhotos(one, 'DIRECT_POST', { brand_content_toggle: true, privacy_level: 'SELF_ONLY' }),
        400,
        'invalid_params',
      ],
      [await pullPhotos(one, 'PUBLISH'), 400, 'invalid_params'],
      [await pullPhotos([]), 400, 'invalid_params'],
      [await pullPhotos(Array(36).fill(one[0])), 400, 'invalid_params'],
      [await pullPhotos(['https://example.com/a.jpg']), 403, 'url_ownership_unverified'],
    ];
    for (const [res, status, code] of cases as [
      { status: number; json: { error: { code: string } } },
      number,
      string,
    ][]) {
      expect(res.status).toBe(status);
      expect(res.json.error.code).toBe(code);
    }
    expect((await pullPhotos(Array(35).fill(one[0]))).status).toBe(200);
    // Fields a photo post does not have (duets belong to videos) are ignored, as TikTok ignores them.
    expect((await pullPhotos(one, 'DIRECT_POST', { disable_duet: true })).status).toBe(200);
    // A draft's privacy is chosen in the TikTok app: none is needed at init.
    expect((await pullPhotos(one, 'MEDIA_UPLOAD', { privacy_level: undefined })).status).toBe(200);
  });
});
