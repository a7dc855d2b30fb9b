import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../source/shared/errors.js';
import { apiError, RateLimited } from '../../source/tiktok/errors.js';
import { RateWindows } from '../../source/tiktok/rate-windows.js';
import { normalizeCreator, normalizeStatus } from '../../source/tiktok/replies.js';

describe('replies with missing or null fields', () => {
  it('a status with only its status stays sparse: no byte count becomes 0', () => {
    expect(normalizeStatus({ status: 'PUBLISH_COMPLETE' })).toEqual({ status: 'PUBLISH_COMPLETE' });
    expect(
      normalizeStatus({
        status: 'PROCESSING_UPLOAD',
        uploaded_bytes: null,
        fail_reason: null,
        publicaly_available_post_id: null,
      }),
    ).toEqual({ status: 'PROCESSING_UPLOAD' });
  });

  it('a status reply without a status is still processing, never a final state', () => {
    expect(normalizeStatus({}).status).toBe('PROCESSING_UPLOAD');
    expect(normalizeStatus({ status: null }).status).toBe('PROCESSING_UPLOAD');
  });

  it('creator_info with nulls: no crash, nothing allowed that TikTok did not list', () => {
    const creator = normalizeCreator({
      creator_nickname: null,
      privacy_level_options: null,
      comment_disabled: null,
      max_video_post_duration_sec: null,
    });
    expect(creator.privacy_level_options).toEqual([]);
    expect(creator.comment_disabled).toBe(false);
    expect(creator.creator_nickname).toBe('');
    expect(creator.max_video_post_duration_sec).toBe(600);
    expect(
      normalizeCreator({ privacy_level_options: ['SELF_ONLY', 'SOMETHING_NEW', 7] }).privacy_level_options,
    ).toEqual(['SELF_ONLY']);
  });
});

describe('TikTok error codes', () => {
  it('invalid_params (what TikTok really sends) is a request to fix: exit 2 with its message', () => {
    const error = apiError('invalid_params', 'The chunk size is invalid', 400);
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.message).toContain('The chunk size is invalid');
  });

  it('a 429 keeps its Retry-After, when TikTok sent one, for the wait', () => {
    const error = apiError('rate_limit_exceeded', '', 429, 7000);
    expect(error).toBeInstanceOf(RateLimited);
    expect((error as RateLimited).retryAfterMs).toBe(7000);
    expect(error.exitCode).toBe(ExitCode.network);
  });
});

describe('rate windows', () => {
  it('lets six inits through in a minute, then waits until the oldest leaves the window', async () => {
    let now = 0;
    const windows = new RateWindows({ now: () => now });
    for (let i = 0; i < 6; i++) {
      await windows.take('/v2/post/publish/video/init/');
      now += 1000;
    }
    expect(windows.waitFor('/v2/post/publish/video/init/')).toBe(54_000);
    expect(windows.waitFor('/v2/post/publish/status/fetch/')).toBe(0);
    now = 60_001;
    expect(windows.waitFor('/v2/post/publish/video/init/')).toBe(0);
  });

  it('after a 429 without Retry-After waits for our window; a Retry-After wins', async () => {
    let now = 0;
    const windows = new RateWindows({ now: () => now });
    expect(windows.afterRefusal('/v2/post/publish/video/init/')).toBe(60_000);
    await windows.take('/v2/post/publish/video/init/');
    now = 20_000;
    expect(windows.afterRefusal('/v2/post/publish/video/init/')).toBe(40_000);
    expect(windows.afterRefusal('/v2/post/publish/video/init/', 3000)).toBe(3000);
  });
});
