import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../source/sandbox/index.js';
import { postStats } from '../../source/sandbox/post-stats.js';
import { api, authorizeSandbox, fixture, putChunk, waitForStatus } from './helpers.js';

// TikTok's Display API: /v2/video/list/ and /v2/video/query/ (scope video.list), /v2/user/info/ counts
// (scope user.info.stats), served from the posts the sandbox holds.

const video = fixture('sample.mp4');
const FIELDS =
  'id,create_time,title,video_description,duration,share_url,view_count,like_count,comment_count,share_count';
let sandbox: Sandbox;
let token: string;
let noListToken: string;
const posted: { publishId: string; postId: string }[] = [];

async function postVideo(title: string, privacy_level = 'PUBLIC_TO_EVERYONE'): Promise<string> {
  const init = await api(sandbox, '/v2/post/publish/video/init/', token, {
    post_info: { privacy_level, title },
    source_info: {
      source: 'FILE_UPLOAD',
      video_size: video.length,
      chunk_size: video.length,
      total_chunk_count: 1,
    },
  });
  await putChunk(init.json.data.upload_url, video, 0, video.length);
  await waitForStatus(sandbox, token, init.json.data.publish_id);
  return init.json.data.publish_id;
}

beforeAll(async () => {
  sandbox = await startSandbox({
    autoConsent: true,
    statusDelayMs: 10,
    rateLimits: false,
    moderationDelayMs: 0,
  });
  token = (
    await authorizeSandbox(sandbox, {
      scopes: ['user.info.basic', 'user.info.stats', 'video.list', 'video.publish', 'video.upload'],
    })
  ).access_token;
  noListToken = (await authorizeSandbox(sandbox, { scopes: ['user.info.basic', 'video.publish'] }))
    .access_token;
  for (const title of ['first #one', 'second', 'third']) {
    const publishId = await postVideo(title);
    posted.push({ publishId, postId: sandbox.state.publishes.get(publishId)!.post_ids[0]! });
  }
  await postVideo('private one', 'SELF_ONLY');
});
afterAll(() => sandbox.close());

const list = (body: unknown, fields = FIELDS, bearer = token) =>
  api(sandbox, `/v2/video/list/?fields=${fields}`, bearer, body);
const query = (ids: string[], fields = FIELDS, bearer = token) =>
  api(sandbox, `/v2/video/query/?fields=${fields}`, bearer, { filters: { video_ids: ids } });

describe('POST /v2/video/list/', () => {
  it("lists the creator's public posts newest first, ids as strings, with the fields asked for", async () => {
    const res = await list({ max_count: 20 });
    expect(res.status).toBe(200);
    expect(res.json.error.code).toBe('ok');
    const { videos, has_more, cursor } = res.json.data;
    expect(videos.map((v: { id: string }) => v.id)).toEqual(posted.map((p) => p.postId).reverse());
    expect(has_more).toBe(false);
    expect(cursor).toEqual(expect.any(Number));
    expect(videos[2]).toEqual({
      id: posted[0]!.postId,
      create_time: expect.any(Number),
      title: '',
      video_description: 'first #one',
      duration: 2, // sample.mp4 is 2.0 s (ffprobe)
      share_url: `https://www.tiktok.com/@sandbox.creator/video/${posted[0]!.postId}`,
      view_count: expect.any(Number),
      like_count: expect.any(Number),
      comment_count: expect.any(Number),
      share_count: expect.any(Number),
    });
  });

  it('pages with max_count and the cursor (a time in ms) until has_more is false', async () => {
    const first = await list({ max_count: 2 }, 'id');
    expect(first.json.data.videos).toHaveLength(2);
    expect(first.json.data.has_more).toBe(true);
    const second = await list({ max_count: 2, cursor: first.json.data.cursor }, 'id');
    expect(second.json.data.videos).toEqual([{ id: posted[0]!.postId }]);
    expect(second.json.data.has_more).toBe(false);
  });

  it('needs video.list (401 scope_not_authorized), fields (400), and max_count ≤ 20', async () => {
    const noScope = await list({}, 'id', noListToken);
    expect(noScope.status).toBe(401);
    expect(noScope.json.error.code).toBe('scope_not_authorized');
    const noFields = await api(sandbox, '/v2/video/list/', token, {});
    expect(noFields.status).toBe(400);
    expect(noFields.json.error.code).toBe('invalid_params');
    expect((await list({ max_count: 21 }, 'id')).json.error.code).toBe('invalid_params');
  });
});

describe('POST /v2/video/query/', () => {
  it('answers for the ids it knows, leaves out the others', async () => {
    const res = await query([posted[1]!.postId, '7000000000000000001'], 'id,title,video_description');
    expect(res.status).toBe(200);
    expect(res.json.data.videos).toEqual([{ id: posted[1]!.postId, title: '', video_description: 'second' }]);
  });

  it('takes 1 to 20 ids', async () => {
    expect((await query([])).json.error.code).toBe('invalid_params');
    const many = Array.from({ length: 21 }, (_, i) => `70000000000000000${10 + i}`);
    expect((await query(many)).json.error.code).toBe('invalid_params');
  });

  it('the numbers grow as time passes since the post became public', async () => {
    const record = sandbox.state.publishes.get(posted[2]!.publishId)!;
    const now = Date.now();
    const at = (minutes: number) => postStats(record, record.public_at! + minutes * 60_000);
    expect(at(0).view_count).toBe(0);
    expect(at(10).view_count).toBeGreaterThan(0);
    expect(at(600).view_count).toBeGreaterThan(at(10).view_count);
    expect(at(600).like_count).toBeGreaterThan(at(10).like_count);
    // Over the wire: an hour older, the same post reports more views than it did.
    const before = (await query([posted[2]!.postId], 'view_count')).json.data.videos[0].view_count;
    record.public_at = now - 3_600_000;
    const after = (await query([posted[2]!.postId], 'view_count')).json.data.videos[0].view_count;
    expect(after).toBeGreaterThan(before);
  });
});

describe('GET /v2/user/info/ counts (user.info.stats)', () => {
  it('video_count counts the public posts; likes and followers follow their numbers', async () => {
    for (const p of posted) sandbox.state.publishes.get(p.publishId)!.public_at! -= 86_400_000;
    const res = await fetch(
      `${sandbox.urls.tiktokApiBaseUrl}/v2/user/info/?fields=follower_count,likes_count,video_count`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    const { user } = ((await res.json()) as { data: { user: Record<string, number> } }).data;
    expect(user.video_count).toBe(3);
    expect(user.likes_count).toBeGreaterThan(0);
    expect(user.follower_count).toBeGreaterThan(0);
  });
});
