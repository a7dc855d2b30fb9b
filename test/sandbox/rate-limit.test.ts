import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../source/sandbox/index.js';
import { RateLimiter } from '../../source/sandbox/rate-limit.js';
import { api, authorizeSandbox } from './helpers.js';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ autoConsent: true, statusDelayMs: 10 });
});
afterAll(() => sandbox.close());

const source_info = { source: 'FILE_UPLOAD', video_size: 100, chunk_size: 100, total_chunk_count: 1 };

describe('per-token rate limits', () => {
  it('6 video inits a minute per token, then 429 without Retry-After; other inits and tokens keep their own', async () => {
    const { access_token } = await authorizeSandbox(sandbox);
    const init = () =>
      api(sandbox, '/v2/post/publish/video/init/', access_token, {
        post_info: { privacy_level: 'SELF_ONLY' },
        source_info,
      });
    for (let i = 0; i < 6; i++) expect((await init()).status).toBe(200);
    const limited = await init();
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe('rate_limit_exceeded');
    expect(limited.json.data).toEqual({});
    // TikTok documents the status and the code only; its replies carry no Retry-After.
    expect(limited.headers).not.toHaveProperty('retry-after');
    expect(
      (await api(sandbox, '/v2/post/publish/inbox/video/init/', access_token, { source_info })).status,
    ).toBe(200);
    const other = await authorizeSandbox(sandbox);
    expect(
      (
        await api(sandbox, '/v2/post/publish/video/init/', other.access_token, {
          post_info: { privacy_level: 'SELF_ONLY' },
          source_info,
        })
      ).status,
    ).toBe(200);
  });

  it('20 creator_info a minute', async () => {
    const { access_token } = await authorizeSandbox(sandbox);
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++)
      statuses.push((await api(sandbox, '/v2/post/publish/creator_info/query/', access_token, {})).status);
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(statuses[20]).toBe(429);
  });

  it('30 status fetches a minute', async () => {
    const { access_token } = await authorizeSandbox(sandbox);
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      statuses.push(
        (await api(sandbox, '/v2/post/publish/status/fetch/', access_token, { publish_id: 'x' })).status,
      );
    }
    expect(statuses.slice(0, 30).every((s) => s === 400)).toBe(true);
    expect(statuses[30]).toBe(429);
  });

  it('with retryAfter, the 429 says how long until the window frees a slot', async () => {
    const timed = await startSandbox({ autoConsent: true, statusDelayMs: 10, retryAfter: true });
    try {
      const { access_token } = await authorizeSandbox(timed);
      const statuses: number[] = [];
      let last: Awaited<ReturnType<typeof api>> | undefined;
      for (let i = 0; i < 21; i++) {
        last = await api(timed, '/v2/post/publish/creator_info/query/', access_token, {});
        statuses.push(last.status);
      }
      expect(statuses[20]).toBe(429);
      const wait = Number(last!.headers['retry-after']);
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(60);
    } finally {
      await timed.close();
    }
  });

  it('the window slides: old requests stop counting after 60 s', () => {
    // The limiter takes the clock as an argument, so a minute passes without waiting one.
    const rl = new RateLimiter(true);
    const t0 = 1_000_000;
    for (let i = 0; i < 6; i++) expect(rl.hit('act.a', 'video_init', t0)).toBeUndefined();
    expect(rl.hit('act.a', 'video_init', t0 + 59_000)).toBe(1);
    expect(rl.hit('act.b', 'video_init', t0 + 59_000)).toBeUndefined();
    expect(rl.hit('act.a', 'video_init', t0 + 60_001)).toBeUndefined();
    expect(new RateLimiter(false).hit('act.a', 'video_init', t0)).toBeUndefined();
  });
});
