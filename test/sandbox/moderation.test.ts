import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../source/sandbox/index.js';
import { api, authorizeSandbox, fixture, putChunk, waitForStatus } from './helpers.js';

// TikTok withholds a public post's id until moderation ends ("usually within one minute, in some cases a
// few hours"): PUBLISH_COMPLETE first comes with publicaly_available_post_id: [].

const video = fixture('sample.mp4');
const sandboxes: Sandbox[] = [];

async function start(options: SandboxOptions = {}): Promise<{ sandbox: Sandbox; token: string }> {
  const sandbox = await startSandbox({ autoConsent: true, statusDelayMs: 10, rateLimits: false, ...options });
  sandboxes.push(sandbox);
  return { sandbox, token: (await authorizeSandbox(sandbox)).access_token };
}
afterAll(async () => {
  for (const s of sandboxes) await s.close();
});

async function postVideo(sandbox: Sandbox, token: string, privacy_level = 'PUBLIC_TO_EVERYONE') {
  const init = await api(sandbox, '/v2/post/publish/video/init/', token, {
    post_info: { privacy_level, title: 'moderated' },
    source_info: {
      source: 'FILE_UPLOAD',
      video_size: video.length,
      chunk_size: video.length,
      total_chunk_count: 1,
    },
  });
  expect(init.status).toBe(200);
  const { publish_id, upload_url } = init.json.data as { publish_id: string; upload_url: string };
  expect((await putChunk(upload_url, video, 0, video.length)).status).toBe(201);
  return publish_id;
}

describe('moderation', () => {
  it('by default a public post completes with its id withheld: PUBLISH_COMPLETE, publicaly_available_post_id []', async () => {
    const { sandbox, token } = await start();
    const id = await postVideo(sandbox, token);
    const { data, text } = await waitForStatus(sandbox, token, id);
    expect(data.status).toBe('PUBLISH_COMPLETE');
    expect(text).toContain('"publicaly_available_post_id":[]');
    const record = sandbox.state.publishes.get(id)!;
    // The default is short but real: seconds, not the instant release of the old sandbox.
    expect(record.moderation_ends_at! - record.completed_at!).toBe(10_000);
    expect(record.post_ids).toEqual([]);
  });

  it('the id appears once the moderation delay has passed, the status still PUBLISH_COMPLETE', async () => {
    const { sandbox, token } = await start({ moderationDelayMs: 300 });
    const id = await postVideo(sandbox, token);
    const first = await waitForStatus(sandbox, token, id);
    expect(first.data.status).toBe('PUBLISH_COMPLETE');
    expect(first.text).toContain('"publicaly_available_post_id":[]');
    const later = await waitForStatus(sandbox, token, id, () => false, 600);
    expect(later.data.status).toBe('PUBLISH_COMPLETE');
    const postId = sandbox.state.publishes.get(id)!.post_ids[0]!;
    expect(later.text).toContain(`"publicaly_available_post_id":[${postId}]`);
  });

  it('the faults document ends every running moderation at once (endModeration)', async () => {
    const { sandbox, token } = await start({ moderationDelayMs: 3_600_000 });
    const id = await postVideo(sandbox, token);
    await waitForStatus(sandbox, token, id);
    expect(sandbox.state.publishes.get(id)!.post_ids).toEqual([]);
    sandbox.faults.apply({ endModeration: true });
    const { text } = await waitForStatus(sandbox, token, id);
    expect(text).toMatch(/"publicaly_available_post_id":\[7\d{18}\]/);
  });

  it('0 releases the id with the final status; a SELF_ONLY post never gets one', async () => {
    const { sandbox, token } = await start({ moderationDelayMs: 0 });
    const open = await postVideo(sandbox, token);
    expect((await waitForStatus(sandbox, token, open)).text).toMatch(/"publicaly_available_post_id":\[\d+\]/);
    const own = await postVideo(sandbox, token, 'SELF_ONLY');
    expect((await waitForStatus(sandbox, token, own)).text).toContain('"publicaly_available_post_id":[]');
  });
});

/**
 * A third-party client written from TikTok's Get Post Status page, with nothing from this project: it
 * polls status/fetch until PUBLISH_COMPLETE carries an id, reading the int64 id from the raw text (JSON
 * numbers above 2^53 lose digits in JSON.parse).
 */
async function pollUntilPublic(
  apiBase: string,
  accessToken: string,
  publishId: string,
  everyMs: number,
  maxPolls: number,
): Promise<{ postId: string; polls: number; completeWithoutId: number }> {
  let completeWithoutId = 0;
  for (let polls = 1; polls <= maxPolls; polls++) {
    const res = await fetch(`${apiBase}/v2/post/publish/status/fetch/`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json; charset=UTF-8' },
      body: JSON.stringify({ publish_id: publishId }),
    });
    const text = await res.text();
    const body = JSON.parse(text) as { data: { status: string }; error: { code: string } };
    if (body.error.code !== 'ok') throw new Error(`status/fetch: ${body.error.code}`);
    if (body.data.status === 'FAILED') throw new Error('the post failed');
    if (body.data.status === 'PUBLISH_COMPLETE') {
      const ids = /"publicaly_available_post_id":\[([^\]]*)\]/.exec(text)?.[1] ?? '';
      if (ids !== '') return { postId: ids.split(',')[0]!, polls, completeWithoutId };
      completeWithoutId++;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error('no post id after polling');
}

describe('a third-party client that polls until the id appears', () => {
  let sandbox: Sandbox;
  let token: string;
  beforeAll(async () => {
    ({ sandbox, token } = await start({ moderationDelayMs: 400 }));
  });

  it('meets PUBLISH_COMPLETE without an id first, then gets the exact int64 id', async () => {
    const id = await postVideo(sandbox, token);
    const got = await pollUntilPublic(sandbox.urls.tiktokApiBaseUrl, token, id, 50, 100);
    expect(got.completeWithoutId).toBeGreaterThan(0);
    expect(got.postId).toBe(sandbox.state.publishes.get(id)!.post_ids[0]);
  });
});
