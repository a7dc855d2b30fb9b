import { describe, expect, it } from 'vitest';
import { CAP_WINDOW_MS, capReached, capUsage, recordMode, usageLine } from '../../source/core/caps.js';
import { awaitingLink, postLinkOf, recordFacts } from '../../source/core/post-link.js';
import { applyUnauditedChoice, looksUnaudited, needsUnauditedChoice } from '../../source/core/unaudited.js';
import { RefusedError } from '../../source/shared/errors.js';
import type { VideoJob } from '../../source/shared/post-job.js';
import type { PostRecord } from '../../source/store/post-records.js';
import { normalizeFollowers, normalizeVideoStats } from '../../source/tiktok/display-replies.js';
import { videoJob } from './harness.js';

const NOW = Date.UTC(2026, 11, 6, 12);
const HOUR = 3_600_000;

function record(hoursAgo: number, extra: Partial<PostRecord> = {}): PostRecord {
  return {
    publishId: `v_pub_file~v2-1.${hoursAgo}${Math.random().toString().slice(2, 8)}`,
    username: 'ana',
    at: NOW - hoursAgo * HOUR,
    kind: 'video',
    title: 't',
    media: '/m.mp4',
    settings: 's',
    mode: 'direct',
    ...extra,
  };
}

describe('caps from our own records', () => {
  it('counts the last 24 h, drafts apart, FAILED posts not at all', () => {
    const usage = capUsage(
      [
        record(1),
        record(23.9),
        record(24.1), // out of the window
        record(2, { status: { status: 'FAILED', failReason: 'spam_risk_text', at: NOW } }),
        record(3, { mode: 'inbox' }),
        // from before `mode` was kept: told by TikTok's publish ID shape
        { ...record(4), mode: undefined, publishId: 'v_inbox_file~v2.123' },
      ],
      NOW,
      15,
    );
    expect(usage).toMatchObject({ posts: 2, postCap: 15, drafts: 2, draftCap: 5 });
    expect(usageLine(usage)).toBe('posts in 24 h 2 · drafts pending 2 of 5');
  });

  it('says when the next one fits: when enough of the counted ones leave the window', () => {
    const records = [20, 10, 5, 1].map((h) => record(h));
    const usage = capUsage(records, NOW, 3);
    const reached = capReached(usage, 'direct', NOW);
    // 4 posts, cap 3: the two oldest must leave; the second oldest (10 h ago) leaves 14 h from now.
    expect(reached).toMatchObject({ cap: 'posts', freeAt: NOW - 10 * HOUR + CAP_WINDOW_MS });
    expect(capReached(capUsage(records, NOW, 5), 'direct', NOW)).toBeUndefined();
    expect(capReached(usage, 'inbox', NOW)).toBeUndefined();
  });

  it('the 6th pending draft reaches the cap, the 5th does not', () => {
    const drafts = (n: number) => Array.from({ length: n }, (_, i) => record(i + 1, { mode: 'inbox' }));
    expect(capReached(capUsage(drafts(4), NOW), 'inbox', NOW)).toBeUndefined();
    expect(capReached(capUsage(drafts(5), NOW), 'inbox', NOW)).toMatchObject({
      cap: 'drafts',
      freeAt: NOW - 5 * HOUR + CAP_WINDOW_MS,
    });
    expect(recordMode({ ...record(1), mode: undefined, publishId: 'p_inbox_url~v2.9' })).toBe('inbox');
  });
});

const job: VideoJob = videoJob('/m.mp4', { title: 't', privacy: 'PUBLIC_TO_EVERYONE' });
const unaudited = {
  creator_avatar_url: '',
  creator_username: 'u',
  creator_nickname: 'U',
  privacy_level_options: ['SELF_ONLY' as const],
  comment_disabled: false,
  duet_disabled: false,
  stitch_disabled: false,
  max_video_post_duration_sec: 600,
};

describe('an unaudited app', () => {
  it('is told by creator_info offering SELF_ONLY alone; only a direct post asking for more needs a choice', () => {
    expect(looksUnaudited(unaudited)).toBe(true);
    expect(looksUnaudited({ privacy_level_options: ['FOLLOWER_OF_CREATOR', 'SELF_ONLY'] })).toBe(false);
    expect(needsUnauditedChoice(job, unaudited)).toBe(true);
    expect(needsUnauditedChoice({ ...job, privacy: 'SELF_ONLY' }, unaudited)).toBe(false);
    expect(needsUnauditedChoice({ ...job, mode: 'inbox' }, unaudited)).toBe(false);
  });

  it('privacy changes only as chosen; fail refuses; branded content cannot be Only me', () => {
    expect(applyUnauditedChoice(job, 'self-only', 'privacy')).toMatchObject({
      privacy: 'SELF_ONLY',
      mode: 'direct',
    });
    expect(applyUnauditedChoice(job, 'inbox', 'privacy')).toMatchObject({ mode: 'inbox' });
    expect(() => applyUnauditedChoice(job, 'fail', 'privacy')).toThrow(RefusedError);
    expect(() =>
      applyUnauditedChoice({ ...job, brand: { organic: false, content: true } }, 'self-only', 'privacy'),
    ).toThrow(/Branded content cannot be posted as "Only me"/);
    // A public account: Only me does not help; the inbox does.
    expect(() => applyUnauditedChoice(job, 'self-only', 'public-account')).toThrow(/account is public/);
    expect(applyUnauditedChoice(job, 'inbox', 'public-account')).toMatchObject({
      mode: 'inbox',
      privacy: 'PUBLIC_TO_EVERYONE',
    });
  });
});

describe('a post’s link', () => {
  it('from the ids; withheld in moderation; none for Only me or a draft', () => {
    const complete = { status: 'PUBLISH_COMPLETE', creatorUsername: 'ana.lima' };
    expect(postLinkOf({ ...complete, postIds: ['7123456789012345678'] })).toEqual({
      kind: 'link',
      urls: ['https://www.tiktok.com/@ana.lima/video/7123456789012345678'],
    });
    expect(postLinkOf({ ...complete, privacy: 'PUBLIC_TO_EVERYONE' })).toEqual({ kind: 'moderation' });
    expect(postLinkOf({ ...complete, privacy: 'SELF_ONLY' })).toEqual({ kind: 'private' });
    expect(postLinkOf({ status: 'SEND_TO_USER_INBOX' })).toEqual({ kind: 'draft' });
    expect(postLinkOf({ status: 'PROCESSING_UPLOAD', privacy: 'PUBLIC_TO_EVERYONE' })).toEqual({
      kind: 'none',
    });
    // A record from before privacy was kept: unknown, never asked about again and again.
    expect(postLinkOf(complete)).toEqual({ kind: 'none' });
  });

  it('only this week’s withheld links are asked for again', () => {
    const withheld = { status: { status: 'PUBLISH_COMPLETE', at: NOW } };
    expect(awaitingLink(record(1, { ...withheld, privacy: 'MUTUAL_FOLLOW_FRIENDS' }), NOW)).toBe(true);
    expect(awaitingLink(record(8 * 24, { ...withheld, privacy: 'MUTUAL_FOLLOW_FRIENDS' }), NOW)).toBe(false);
    expect(awaitingLink(record(1, { ...withheld, privacy: 'SELF_ONLY' }), NOW)).toBe(false);
    expect(recordFacts(record(1, { mode: 'inbox' })).mode).toBe('inbox');
  });
});

describe('the Display API’s replies', () => {
  it('keeps the counts TikTok gave, leaves out anything else (absent is unknown, never 0)', () => {
    expect(
      normalizeVideoStats({
        videos: [
          { id: '7001', view_count: 10, like_count: 2, comment_count: -1, share_count: '3' },
          { view_count: 5 },
          { id: '7002' },
        ],
      }),
    ).toEqual([{ id: '7001', view_count: 10, like_count: 2 }, { id: '7002' }]);
    expect(normalizeVideoStats({})).toEqual([]);
    expect(normalizeFollowers({ user: { follower_count: 1234 } })).toBe(1234);
    expect(normalizeFollowers({ user: {} })).toBeUndefined();
  });
});
