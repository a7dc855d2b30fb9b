import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../source/sandbox/index.js';
import { api, authorizeSandbox, fixture, putChunk, waitForStatus } from './helpers.js';

let sandbox: Sandbox;
let token: string;
const video = fixture('sample.mp4');
const source_info = {
  source: 'FILE_UPLOAD',
  video_size: video.length,
  chunk_size: video.length,
  total_chunk_count: 1,
};

beforeAll(async () => {
  sandbox = await startSandbox({ autoConsent: true, statusDelayMs: 300, rateLimits: false });
  token = (await authorizeSandbox(sandbox)).access_token;
});
afterAll(() => sandbox.close());

const status = (publish_id: string) => api(sandbox, '/v2/post/publish/status/fetch/', token, { publish_id });

async function post(privacy_level: string) {
  const res = await api(sandbox, '/v2/post/publish/video/init/', token, {
    post_info: { privacy_level },
    source_info,
  });
  return res.json.data as { publish_id: string; upload_url: string };
}

describe('status/fetch', () => {
  it('PROCESSING_UPLOAD until the bytes are in and statusDelayMs passed, then PUBLISH_COMPLETE, its int64 id once moderation ends', async () => {
    const { publish_id, upload_url } = await post('PUBLIC_TO_EVERYONE');
    const before = await status(publish_id);
    expect(before.json.data).toEqual({
      status: 'PROCESSING_UPLOAD',
      uploaded_bytes: 0,
      publicaly_available_post_id: [],
    });
    await putChunk(upload_url, video, 0, video.length);
    const processing = await status(publish_id);
    expect(processing.json.data).toMatchObject({ status: 'PROCESSING_UPLOAD', uploaded_bytes: video.length });
    const complete = await waitForStatus(sandbox, token, publish_id);
    expect(complete.data.status).toBe('PUBLISH_COMPLETE');
    // In moderation (10 s by default) the id is withheld, as TikTok does; end it to see the id.
    expect(complete.text).toContain('"publicaly_available_post_id":[]');
    sandbox.faults.apply({ endModeration: true });
    const { data, text } = await waitForStatus(sandbox, token, publish_id);
    expect(data.status).toBe('PUBLISH_COMPLETE');
    const record = sandbox.state.publishes.get(publish_id)!;
    expect(record.post_ids).toHaveLength(1);
    const id = record.post_ids[0]!;
    expect(BigInt(id) > 2n ** 53n).toBe(true);
    // The raw JSON text carries every digit as a number (no quotes) ...
    const raw = /"publicaly_available_post_id":\[(\d+)\]/.exec(text)?.[1];
    expect(raw).toBe(id);
    // ... which is exactly why clients must not read it through JSON.parse.
    expect(String(data.publicaly_available_post_id?.[0])).not.toBe(id);
  });

  it('a SELF_ONLY post completes without a public post id', async () => {
    const { publish_id, upload_url } = await post('SELF_ONLY');
    await putChunk(upload_url, video, 0, video.length);
    const { data } = await waitForStatus(sandbox, token, publish_id);
    expect(data).toMatchObject({ status: 'PUBLISH_COMPLETE', publicaly_available_post_id: [] });
  });

  it('an inbox upload ends SEND_TO_USER_INBOX', async () => {
    const res = await api(sandbox, '/v2/post/publish/inbox/video/init/', token, { source_info });
    expect(res.json.data.publish_id).toMatch(/^v_inbox_file~v2\.\d+$/);
    await putChunk(res.json.data.upload_url, video, 0, video.length);
    const { data } = await waitForStatus(sandbox, token, res.json.data.publish_id);
    expect(data).toMatchObject({ status: 'SEND_TO_USER_INBOX', publicaly_available_post_id: [] });
    expect(sandbox.state.publishes.get(res.json.data.publish_id)).toMatchObject({
      kind: 'inbox_video',
      post_mode: 'MEDIA_UPLOAD',
    });
  });

  it('an unknown publish_id is 400 invalid_publish_id; a missing one invalid_params', async () => {
    const res = await status('v_pub_file~v2-1.123');
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_publish_id');
    expect((await api(sandbox, '/v2/post/publish/status/fetch/', token, {})).json.error.code).toBe(
      'invalid_params',
    );
  });

  it("another user's publish_id is 400 token_not_authorized_for_specified_publish_id", async () => {
    const { publish_id } = await post('SELF_ONLY');
    // The sandbox has one creator: make this publish another user's, as if their token had started it.
    sandbox.state.publishes.get(publish_id)!.open_id = '-000another-user';
    const res = await status(publish_id);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('token_not_authorized_for_specified_publish_id');
    expect(res.json.data).toEqual({});
  });
});
