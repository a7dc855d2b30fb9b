import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkPlanError, MB } from '../../source/sandbox/chunk-rules.js';
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

  it('wrong Content-Type and invalid JSON → invalid_params', async () => {
    const res = await request(`${sandbox.urls.tiktokApiBaseUrl}${VIDEO_INIT}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(res.statusCode).toBe(400);
    expect(((await res.body.json()) as { error: { code: string } }).error.code).toBe('invalid_params');
    const broken = await api(sandbox, VIDEO_INIT, token, '{"post_info":');
    expect(broken.status).toBe(400);
    expect(broken.json.error.code).toBe('invalid_params');
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
      /^http:\/\/127\.0\.0\.1:\d+\/video\/\?upload_id=\w+&upload_token=[\w-]+$/,
    );
    const record = sandbox.state.publishes.get(res.json.data.publish_id)!;
    expect(record.post_info).toMatchObject({ title: 'Hello #sandbox @friend', brand_organic_toggle: true });
    expect(record.open_id).toBe(sandbox.state.open_id);
  });

  it.each([
    ['a title over 2200 UTF-16 units', { title: '😀'.repeat(1101) }],
    ['a number title', { title: 5 }],
    ['a string boolean', { disable_duet: 'true' }],
    ['a negative cover timestamp', { video_cover_timestamp_ms: -1 }],
    ['a fractional cover timestamp', { video_cover_timestamp_ms: 1.5 }],
    ['branded content that is private', { brand_content_toggle: true, privacy_level: 'SELF_ONLY' }],
  ])('rejects %s with 400 invalid_params', async (_label, post) => {
    const res = await videoInit(post);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_params');
    expect(res.json.data).toEqual({});
  });

  it.each([
    ['missing', undefined],
    ['made up', 'EVERYONE'],
    ['lowercase', 'self_only'],
    ['a number', 1],
    ['not offered to this creator', 'FOLLOWER_OF_CREATOR'],
  ])('a privacy_level that is %s → 403 privacy_level_option_mismatch', async (_label, privacy_level) => {
    const res = await api(sandbox, VIDEO_INIT, token, {
      post_info: privacy_level === undefined ? { title: 'x' } : { privacy_level },
      source_info: upload(1000, 1000, 1),
    });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('privacy_level_option_mismatch');
  });

  it('accepts a title of exactly 2200 UTF-16 units', async () => {
    expect((await videoInit({ title: '😀'.repeat(1100) })).status).toBe(200);
  });

  it('ignores unknown fields at the top, in post_info and in source_info, and keeps them on record', async () => {
    const res = await api(sandbox, VIDEO_INIT, token, {
      post_info: { privacy_level: 'SELF_ONLY', music: 'x', schedule_at: 123 },
      source_info: { ...upload(1000, 1000, 1), video_url: 'http://127.0.0.1:1/v.mp4', extra: [1] },
      extra: 1,
    });
    expect(res.status).toBe(200);
    expect(res.json.error.code).toBe('ok');
    const record = sandbox.state.publishes.get(res.json.data.publish_id)!;
    expect(record.post_info).toMatchObject({ music: 'x' });
    // FILE_UPLOAD: the stray video_url did not turn it into a pull.
    expect(record.status).toBe('PROCESSING_UPLOAD');
  });

  it('a known field of the wrong type is still refused, wherever it is', async () => {
    const src = await videoInit({}, { ...upload(1000, 1000, 1), video_size: '1000' });
    expect(src.status).toBe(400);
    expect(src.json.error.code).toBe('invalid_params');
    const top = await api(sandbox, VIDEO_INIT, token, {
      post_info: 'SELF_ONLY',
      source_info: upload(1000, 1000, 1),
    });
    expect(top.json.error.code).toBe('invalid_params');
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
    expect(ftp.json.error.code).toBe('invalid_params');
  });
});

describe('creator-disabled interactions', () => {
  let strict: Sandbox;
  let strictToken: string;
  beforeAll(async () => {
    strict = await startSandbox({
      autoConsent: true,
      creator: { duet_disabled: true, comment_disabled: true, privacy_level_options: ['SELF_ONLY'] },
    });
    strictToken = (await authorizeSandbox(strict)).access_token;
  });
  afterAll(() => strict.close());

  const init = (post: Record<string, unknown>) =>
    api(strict, VIDEO_INIT, strictToken, {
      post_info: { privacy_level: 'SELF_ONLY', ...post },
      source_info: upload(10, 10, 1),
    });

  it('TikTok overrides, it does not refuse: disable_duet:false for a creator without duets is accepted, duets stay off', async () => {
    for (const post of [{}, { disable_duet: false, disable_comment: false }, { disable_duet: true }]) {
      const res = await init(post);
      expect(res.status).toBe(200);
      expect(strict.state.publishes.get(res.json.data.publish_id)!.interactions).toEqual({
        disable_comment: true,
        disable_duet: true,
        disable_stitch: false,
      });
    }
    // The creator allows stitches: the post's own choice stands.
    const stitch = await init({ disable_stitch: true });
    expect(strict.state.publishes.get(stitch.json.data.publish_id)!.interactions?.disable_stitch).toBe(true);
  });

  it("the creator's privacy options still bind", async () => {
    expect((await init({ disable_duet: true, privacy_level: 'PUBLIC_TO_EVERYONE' })).json.error.code).toBe(
      'privacy_level_option_mismatch',
    );
  });
});

describe('chunk rules (decimal MB: 5 000 000 / 64 000 000 / 128 000 000 bytes)', () => {
  const GB = 1000 * MB;
  it.each([
    ['5 MB − 1 whole', 5 * MB - 1, 5 * MB - 1, 1, undefined],
    ['5 MB − 1 with a smaller chunk', 5 * MB - 1, 1 * MB, 4, /under 5 MB/],
    ['5 MB − 1 with count 2', 5 * MB - 1, 5 * MB - 1, 2, /total_chunk_count 1/],
    ['5 MB whole', 5 * MB, 5 * MB, 1, undefined],
    ['5 MB with a 4 MB chunk', 5 * MB, 4 * MB, 1, /between 5 MB and 64 MB/],
    ['a 5 000 000-byte chunk', 10 * MB + 7, 5 * MB, 2, undefined],
    ['a 4 999 999-byte chunk', 10 * MB, 5 * MB - 1, 2, /between 5 MB and 64 MB/],
    ['64 MB whole', 64 * MB, 64 * MB, 1, undefined],
    ['64 MB + 1 whole', 64 * MB + 1, 64 * MB + 1, 1, /must be sent in chunks/],
    ['64 MiB whole (67 108 864 bytes)', 64 * 1024 * 1024, 64 * 1024 * 1024, 1, /must be sent in chunks/],
    ['64 MB + 1 in a 64 MB chunk', 64 * MB + 1, 64 * MB, 1, undefined],
    ['a 64 MiB chunk', 200 * MB, 64 * 1024 * 1024, 2, /between 5 MB and 64 MB/],
    ['chunk over 64 MB', 200 * MB, 65 * MB, 3, /between 5 MB and 64 MB/],
    ['TikTok example 50 000 123 / 10 000 000', 50_000_123, 10_000_000, 5, undefined],
    ['TikTok example with a ceil count', 50_000_123, 10_000_000, 6, /= 5\./],
    ['800 chunks of 5 MB (4 GB exactly)', 800 * 5 * MB, 5 * MB, 800, undefined],
    ['1001 chunks', 1001 * 5 * MB, 5 * MB, 1001, /between 1 and 1000/],
    ['last chunk over 128 MB (miscounted)', 200 * MB, 64 * MB, 2, /last chunk would exceed 128 MB/],
    ['last chunk 64 MB + 63 MB', 191 * MB, 64 * MB, 2, undefined],
    ['4 GB', 4 * GB, 64 * MB, 62, undefined],
    ['4 GB + 1', 4 * GB + 1, 64 * MB, 62, /at most 4 GB/],
    ['4 GiB', 4 * 1024 ** 3, 64 * MB, 67, /at most 4 GB/],
    ['zero bytes', 0, 0, 1, /at least 1 byte/],
  ])('%s via init', async (_label, size, chunk, count, error) => {
    const expected = chunkPlanError(size, chunk, count);
    if (error) expect(expected).toMatch(error);
    else expect(expected).toBeUndefined();
    const res = await videoInit({}, upload(size, chunk, count));
    expect(res.status).toBe(error ? 400 : 200);
    if (error) {
      expect(res.json.error.code).toBe('invalid_params');
      expect(res.json.error.message).toMatch(error);
    }
  });

  it('chunk size errors start like TikTok: "The chunk size is invalid"', async () => {
    const res = await videoInit({}, upload(200 * MB, 65 * MB, 3));
    expect(res.json.error.message).toMatch(/^The chunk size is invalid/);
  });

  it('rejects a missing chunk field and non-integers', async () => {
    expect((await videoInit({}, { source: 'FILE_UPLOAD', video_size: 10, chunk_size: 10 })).status).toBe(400);
    expect((await videoInit({}, upload(10.5, 10.5, 1))).status).toBe(400);
  });
});
