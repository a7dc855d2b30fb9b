import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkPlanError, MIB } from '../../source/sandbox/chunk-rules.js';
import { type Sandbox, startSandbox } from '../../source/sandbox/index.js';
import { api, authorizeSandbox } from './helpers.js';

const VIDEO_INIT = '/v2/post/publish/video/init/';
let sandbox: Sandbox;
let token: string;

beforeAll(async () => {
  sandbox = await startSandbox({ autoConsent: true, statusDelayMs: 10, rateLimits: false });
  token = (await authorizeSandbox(sandbox)).access_token;
});
afterAll(() => sandbox.close());

const upload = (video_size: number, chunk_size: number, total_chunk_count: number) => ({
  source: 'FILE_UPLOAD',
  video_size,
  chunk_size,
  total_chunk_count,
});
const videoInit = (post_info: Record<string, unknown>, source_info: unknown = upload(1000, 1000, 1)) =>
  api(sandbox, VIDEO_INIT, token, { post_info: { privacy_level: 'SELF_ONLY', ...post_info }, source_info });

describe('creator_info', () => {
  it('returns the creator in the envelope', async () => {
    const res = await api(sandbox, '/v2/post/publish/creator_info/query/', token, {});
    expect(res.status).toBe(200);
    expect(res.json.error).toEqual({ code: 'ok', message: '', log_id: expect.any(String) });
    expect(res.json.data).toEqual({
      creator_avatar_url: expect.any(String),
      creator_username: 'sandbox.creator',
      creator_nickname: 'Sandbox Creator',
      privacy_level_options: ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'],
      comment_disabled: false,
      duet_disabled: false,
      stitch_disabled: false,
      max_video_post_duration_sec: 600,
    });
  });
});

describe('auth, scope and body checks', () => {
  it('missing or unknown token → 401 access_token_invalid', async () => {
    for (const t of [undefined, 'act.nope']) {
      const bad = await api(sandbox, VIDEO_INIT, t, {});
      expect(bad.status).toBe(401);
      expect(bad.json.error.code).toBe('access_token_invalid');
    }
  });

  it('expired token → 401', async () => {
    const fresh = await authorizeSandbox(sandbox);
    sandbox.state.accessTokens.get(fresh.access_token)!.expires_at = Date.now() - 1;
    expect((await api(sandbox, VIDEO_INIT, fresh.access_token, {})).json.error.code).toBe(
      'access_token_invalid',
    );
  });

  it('scope_not_authorized: direct post needs video.publish, inbox needs video.upload', async () => {
    const publishOnly = await authorizeSandbox(sandbox, { scopes: ['user.info.basic', 'video.publish'] });
    const inbox = await api(sandbox, '/v2/post/publish/inbox/video/init/', publishOnly.access_token, {
      source_info: upload(1000, 1000, 1),
    });
    expect(inbox.status).toBe(401);
    expect(inbox.json.error.code).toBe('scope_not_authorized');
    const photoDraft = await api(sandbox, '/v2/post/publish/content/init/', publishOnly.access_token, {
      post_info: {},
      source_info: {
        source: 'PULL_FROM_URL',
        photo_images: ['http://127.0.0.1:1/a.jpg'],
        photo_cover_index: 0,
      },
      post_mode: 'MEDIA_UPLOAD',
      media_type: 'PHOTO',
    });
    expect(photoDraft.json.error.code).toBe('scope_not_authorized');
  });

  it('wrong Content-Type and invalid JSON → invalid_param', async () => {
    const res = await request(`${sandbox.urls.tiktokApiBaseUrl}${VIDEO_INIT}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(res.statusCode).toBe(400);
    expect(((await res.body.json()) as { error: { code: string } }).error.code).toBe('invalid_param');
    const broken = await api(sandbox, VIDEO_INIT, token, '{"post_info":');
    expect(broken.status).toBe(400);
    expect(broken.json.error.code).toBe('invalid_param');
  });

  it('unknown paths and missing trailing slashes are 404', async () => {
    expect((await api(sandbox, '/v2/post/publish/video/init', token, {})).status).toBe(404);
    expect((await api(sandbox, '/v4/spreadsheets', token, {})).status).toBe(404);
  });
});

describe('video init field validation', () => {
  it('accepts a full valid post_info and returns publish_id + upload_url', async () => {
    const res = await videoInit({
      title: 'Hello #sandbox @friend',
      privacy_level: 'PUBLIC_TO_EVERYONE',
      disable_duet: false,
      disable_comment: true,
      disable_stitch: false,
      video_cover_timestamp_ms: 1000,
      brand_content_toggle: false,
      brand_organic_toggle: true,
      is_aigc: false,
    });
    expect(res.status).toBe(200);
    expect(res.json.data.publish_id).toMatch(/^v_pub_file~v2-1\.\d+$/);
    expect(res.json.data.upload_url).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/upload\/\?upload_id=\w+&upload_token=[\w-]+$/,
    );
    const record = sandbox.state.publishes.get(res.json.data.publish_id)!;
    expect(record.post_info).toMatchObject({ title: 'Hello #sandbox @friend', brand_organic_toggle: true });
    expect(record.open_id).toBe(sandbox.state.open_id);
  });

  it.each([
    ['an unknown post_info field', { privacy_level: 'SELF_ONLY', music: 'x' }],
    ['a title over 2200 UTF-16 units', { title: '😀'.repeat(1101) }],
    ['a string boolean', { disable_duet: 'true' }],
    ['a negative cover timestamp', { video_cover_timestamp_ms: -1 }],
    ['a fractional cover timestamp', { video_cover_timestamp_ms: 1.5 }],
    ['a made-up privacy level', { privacy_level: 'EVERYONE' }],
    ['branded content that is private', { brand_content_toggle: true, privacy_level: 'SELF_ONLY' }],
  ])('rejects %s with invalid_param', async (_label, post) => {
    const res = await videoInit(post);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_param');
    expect(res.json.data).toEqual({});
  });

  it('accepts a title of exactly 2200 UTF-16 units', async () => {
    expect((await videoInit({ title: '😀'.repeat(1100) })).status).toBe(200);
  });

  it('rejects unknown fields at the top and in source_info', async () => {
    const top = await api(sandbox, VIDEO_INIT, token, {
      post_info: { privacy_level: 'SELF_ONLY' },
      source_info: upload(1000, 1000, 1),
      extra: 1,
    });
    expect(top.json.error.code).toBe('invalid_param');
    const src = await videoInit({}, { ...upload(1000, 1000, 1), video_url: 'http://127.0.0.1:1/v.mp4' });
    expect(src.json.error.code).toBe('invalid_param');
  });

  it('privacy_level is required', async () => {
    const res = await api(sandbox, VIDEO_INIT, token, {
      post_info: { title: 'x' },
      source_info: upload(1000, 1000, 1),
    });
    expect(res.json.error.code).toBe('invalid_param');
  });

  it('a privacy level the creator does not offer → 403 privacy_level_option_mismatch', async () => {
    const res = await videoInit({ privacy_level: 'FOLLOWER_OF_CREATOR' });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('privacy_level_option_mismatch');
  });

  it('branded content may be public', async () => {
    expect(
      (await videoInit({ brand_content_toggle: true, privacy_level: 'PUBLIC_TO_EVERYONE' })).status,
    ).toBe(200);
  });

  it('PULL_FROM_URL from a host that is not loopback → 403 url_ownership_unverified', async () => {
    const res = await videoInit({}, { source: 'PULL_FROM_URL', video_url: 'https://example.com/v.mp4' });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('url_ownership_unverified');
    const ftp = await videoInit({}, { source: 'PULL_FROM_URL', video_url: 'ftp://127.0.0.1/v.mp4' });
    expect(ftp.json.error.code).toBe('invalid_param');
  });
});

describe('creator-disabled interactions', () => {
  let strict: Sandbox;
  let strictToken: string;
  beforeAll(async () => {
    strict = await startSandbox({
      autoConsent: true,
      creator: { duet_disabled: true, privacy_level_options: ['SELF_ONLY'] },
    });
    strictToken = (await authorizeSandbox(strict)).access_token;
  });
  afterAll(() => strict.close());

  it('a duet the creator disabled must be disabled in the post', async () => {
    const init = (post: Record<string, unknown>) =>
      api(strict, VIDEO_INIT, strictToken, {
        post_info: { privacy_level: 'SELF_ONLY', ...post },
        source_info: upload(10, 10, 1),
      });
    const allowed = await init({});
    expect(allowed.status).toBe(400);
    expect(allowed.json.error.message).toContain('disable_duet');
    expect((await init({ disable_duet: false })).json.error.code).toBe('invalid_param');
    expect((await init({ disable_duet: true })).status).toBe(200);
    expect((await init({ disable_duet: true, privacy_level: 'PUBLIC_TO_EVERYONE' })).json.error.code).toBe(
      'privacy_level_option_mismatch',
    );
  });
});

describe('chunk rules', () => {
  const GIB = 1024 * MIB;
  it.each([
    ['5 MiB − 1 whole', 5 * MIB - 1, 5 * MIB - 1, 1, undefined],
    ['5 MiB − 1 with a smaller chunk', 5 * MIB - 1, 1 * MIB, 4, /under 5 MB/],
    ['5 MiB − 1 with count 2', 5 * MIB - 1, 5 * MIB - 1, 2, /total_chunk_count 1/],
    ['5 MiB whole', 5 * MIB, 5 * MIB, 1, undefined],
    ['5 MiB with a 4 MiB chunk', 5 * MIB, 4 * MIB, 1, /between 5 MB and 64 MB/],
    ['64 MiB whole', 64 * MIB, 64 * MIB, 1, undefined],
    ['64 MiB + 1 whole', 64 * MIB + 1, 64 * MIB + 1, 1, /must be sent in chunks/],
    ['64 MiB + 1 in a 64 MiB chunk', 64 * MIB + 1, 64 * MIB, 1, undefined],
    ['chunk over 64 MiB', 200 * MIB, 65 * MIB, 3, /between 5 MB and 64 MB/],
    ['TikTok example 50 000 123 / 10 000 000', 50_000_123, 10_000_000, 5, undefined],
    ['TikTok example with a ceil count', 50_000_123, 10_000_000, 6, /= 5\./],
    ['819 chunks of 5 MiB (the most under 4 GiB)', 819 * 5 * MIB, 5 * MIB, 819, undefined],
    ['1001 chunks', 1001 * 5 * MIB, 5 * MIB, 1001, /between 1 and 1000/],
    ['last chunk over 128 MiB (miscounted)', 200 * MIB, 64 * MIB, 2, /last chunk would exceed 128 MB/],
    ['last chunk 64 MiB + 63 MiB', 191 * MIB, 64 * MIB, 2, undefined],
    ['4 GiB', 4 * GIB, 64 * MIB, 64, undefined],
    ['4 GiB + 1', 4 * GIB + 1, 64 * MIB, 64, /at most 4 GB/],
    ['zero bytes', 0, 0, 1, /at least 1 byte/],
  ])('%s via init', async (_label, size, chunk, count, error) => {
    const expected = chunkPlanError(size, chunk, count);
    if (error) expect(expected).toMatch(error);
    else expect(expected).toBeUndefined();
    const res = await videoInit({}, upload(size, chunk, count));
    expect(res.status).toBe(error ? 400 : 200);
    if (error) {
      expect(res.json.error.code).toBe('invalid_param');
      expect(res.json.error.message).toMatch(error);
    }
  });

  it('rejects a missing chunk field and non-integers', async () => {
    expect((await videoInit({}, { source: 'FILE_UPLOAD', video_size: 10, chunk_size: 10 })).status).toBe(400);
    expect((await videoInit({}, upload(10.5, 10.5, 1))).status).toBe(400);
  });
});
