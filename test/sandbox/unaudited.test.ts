import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../source/sandbox/index.js';
import { DAILY_POST_CAP, PENDING_SHARE_CAP } from '../../source/sandbox/policy.js';
import { api, authorizeSandbox, fixture, putChunk, waitForStatus } from './helpers.js';

// The first wall every new app hits: TikTok has not audited it yet.

const video = fixture('sample.mp4');
const source_info = {
  source: 'FILE_UPLOAD',
  video_size: video.length,
  chunk_size: video.length,
  total_chunk_count: 1,
};
const opened: Sandbox[] = [];

async function open(options: SandboxOptions): Promise<{ sandbox: Sandbox; token: string }> {
  const sandbox = await startSandbox({ autoConsent: true, statusDelayMs: 10, rateLimits: false, ...options });
  opened.push(sandbox);
  return { sandbox, token: (await authorizeSandbox(sandbox)).access_token };
}
afterAll(async () => {
  for (const s of opened) await s.close();
});

const directPost = (s: Sandbox, token: string, privacy_level: string) =>
  api(s, '/v2/post/publish/video/init/', token, { post_info: { privacy_level }, source_info });
const inboxShare = (s: Sandbox, token: string) =>
  api(s, '/v2/post/publish/inbox/video/init/', token, { source_info });
const creatorOptions = async (s: Sandbox, token: string) =>
  (await api(s, '/v2/post/publish/creator_info/query/', token, {})).json.data.privacy_level_options;

describe('unaudited app, public account', () => {
  let s: Sandbox;
  let token: string;
  beforeAll(async () => {
    ({ sandbox: s, token } = await open({ unaudited: true }));
  });

  it('creator_info offers SELF_ONLY only', async () => {
    expect(await creatorOptions(s, token)).toEqual(['SELF_ONLY']);
  });

  it.each(['SELF_ONLY', 'PUBLIC_TO_EVERYONE'])(
    'a %s direct post is refused: the account is public (403 unaudited_client_can_only_post_to_private_accounts)',
    async (privacy) => {
      const res = await directPost(s, token, privacy);
      expect(res.status).toBe(403);
      expect(res.json.error.code).toBe('unaudited_client_can_only_post_to_private_accounts');
      expect(res.json.data).toEqual({});
    },
  );

  it('a photo direct post is refused the same way; a draft to the inbox is not', async () => {
    const photo = await api(s, '/v2/post/publish/content/init/', token, {
      post_info: { privacy_level: 'SELF_ONLY' },
      source_info: {
        source: 'PULL_FROM_URL',
        photo_images: ['http://127.0.0.1:1/a.jpg'],
        photo_cover_index: 0,
      },
      post_mode: 'DIRECT_POST',
      media_type: 'PHOTO',
    });
    expect(photo.json.error.code).toBe('unaudited_client_can_only_post_to_private_accounts');
    expect((await inboxShare(s, token)).status).toBe(200);
  });
});

describe('unaudited app, private account', () => {
  let s: Sandbox;
  let token: string;
  beforeAll(async () => {
    ({ sandbox: s, token } = await open({ unaudited: true, privateAccount: true }));
  });

  it('posts SELF_ONLY, and only SELF_ONLY', async () => {
    expect(await creatorOptions(s, token)).toEqual(['SELF_ONLY']);
    for (const privacy of ['FOLLOWER_OF_CREATOR', 'MUTUAL_FOLLOW_FRIENDS', 'PUBLIC_TO_EVERYONE']) {
      const refused = await directPost(s, token, privacy);
      expect(refused.status).toBe(403);
      expect(refused.json.error.code).toBe('privacy_level_option_mismatch');
    }
    const ok = await directPost(s, token, 'SELF_ONLY');
    expect(ok.status).toBe(200);
    await putChunk(ok.json.data.upload_url, video, 0, video.length);
    const { data } = await waitForStatus(s, token, ok.json.data.publish_id);
    expect(data).toMatchObject({ status: 'PUBLISH_COMPLETE', publicaly_available_post_id: [] });
  });
});

describe('daily caps', () => {
  it(`${DAILY_POST_CAP} direct posts a day, then 403 spam_risk_too_many_posts; failed ones and old ones do not count`, async () => {
    const { sandbox: s, token } = await open({ unaudited: true, privateAccount: true });
    const ids: string[] = [];
    for (let i = 0; i < DAILY_POST_CAP; i++) {
      const res = await directPost(s, token, 'SELF_ONLY');
      expect(res.status).toBe(200);
      ids.push(res.json.data.publish_id);
    }
    const over = await directPost(s, token, 'SELF_ONLY');
    expect(over.status).toBe(403);
    expect(over.json.error.code).toBe('spam_risk_too_many_posts');
    // A post that failed is no post: it frees its place.
    s.faults.failNextPublish('internal');
    s.state.publishes.get(ids[0]!)!.created_at = Date.now() - 25 * 60 * 60 * 1000; // a day ago: out of the window
    const next = await directPost(s, token, 'SELF_ONLY');
    expect(next.status).toBe(200);
    await putChunk(next.json.data.upload_url, video, 0, video.length);
    expect((await waitForStatus(s, token, next.json.data.publish_id)).data.status).toBe('FAILED');
    expect((await directPost(s, token, 'SELF_ONLY')).status).toBe(200);
    expect((await directPost(s, token, 'SELF_ONLY')).json.error.code).toBe('spam_risk_too_many_posts');
  });

  it(`${PENDING_SHARE_CAP} pending inbox shares, then 403 spam_risk_too_many_pending_share`, async () => {
    const { sandbox: s, token } = await open({ unaudited: true });
    for (let i = 0; i < PENDING_SHARE_CAP; i++) expect((await inboxShare(s, token)).status).toBe(200);
    const over = await inboxShare(s, token);
    expect(over.status).toBe(403);
    expect(over.json.error.code).toBe('spam_risk_too_many_pending_share');
    // Direct posts are capped apart (here refused for the public account, not for the shares).
    expect((await directPost(s, token, 'SELF_ONLY')).json.error.code).toBe(
      'unaudited_client_can_only_post_to_private_accounts',
    );
  });

  it('an audited app has no caps by default; dailyCaps turns them on without the unaudited rules', async () => {
    const audited = await open({});
    for (let i = 0; i < DAILY_POST_CAP + 1; i++) {
      expect((await directPost(audited.sandbox, audited.token, 'PUBLIC_TO_EVERYONE')).status).toBe(200);
    }
    const capped = await open({ dailyCaps: true });
    expect(await creatorOptions(capped.sandbox, capped.token)).toContain('PUBLIC_TO_EVERYONE');
    for (let i = 0; i < DAILY_POST_CAP; i++) {
      expect((await directPost(capped.sandbox, capped.token, 'PUBLIC_TO_EVERYONE')).status).toBe(200);
    }
    expect((await directPost(capped.sandbox, capped.token, 'PUBLIC_TO_EVERYONE')).json.error.code).toBe(
      'spam_risk_too_many_posts',
    );
  });
});

describe('a private account without the unaudited rules', () => {
  it('offers the private privacy levels and posts to followers', async () => {
    const { sandbox: s, token } = await open({ privateAccount: true });
    expect(await creatorOptions(s, token)).toEqual([
      'FOLLOWER_OF_CREATOR',
      'MUTUAL_FOLLOW_FRIENDS',
      'SELF_ONLY',
    ]);
    expect((await directPost(s, token, 'FOLLOWER_OF_CREATOR')).status).toBe(200);
    expect((await directPost(s, token, 'PUBLIC_TO_EVERYONE')).json.error.code).toBe(
      'privacy_level_option_mismatch',
    );
  });
});
