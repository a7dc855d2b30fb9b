import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MB } from '../../source/sandbox/chunk-rules.js';
import { type Sandbox, startSandbox } from '../../source/sandbox/index.js';
import {
  api,
  authorizeSandbox,
  fixture,
  hexSha256,
  putChunk,
  videoBytesRange,
  videoSha256,
  waitForStatus,
} from './helpers.js';

let sandbox: Sandbox;
let token: string;

beforeAll(async () => {
  sandbox = await startSandbox({ autoConsent: true, statusDelayMs: 20, rateLimits: false });
  token = (await authorizeSandbox(sandbox)).access_token;
});
afterAll(() => sandbox.close());

async function init(video_size: number, chunk_size: number, total_chunk_count: number, inbox = false) {
  const source_info = { source: 'FILE_UPLOAD', video_size, chunk_size, total_chunk_count };
  const res = inbox
    ? await api(sandbox, '/v2/post/publish/inbox/video/init/', token, { source_info })
    : await api(sandbox, '/v2/post/publish/video/init/', token, {
        post_info: { privacy_level: 'PUBLIC_TO_EVERYONE' },
        source_info,
      });
  expect(res.status).toBe(200);
  return res.json.data as { publish_id: string; upload_url: string };
}

function uploadOf(uploadUrl: string) {
  return sandbox.state.uploads.get(new URL(uploadUrl).searchParams.get('upload_id')!)!;
}

describe('chunked upload', () => {
  it('takes a 12 MB file in two chunks (206 then 201) and hashes exactly what was sent', async () => {
    const size = 12 * MB;
    const { publish_id, upload_url } = await init(size, 6 * MB, 2);
    const first = await putChunk(upload_url, videoBytesRange(size, 0, 6 * MB), 0, size);
    expect(first.status).toBe(206);
    expect((await waitForStatus(sandbox, token, publish_id, () => true)).data).toMatchObject({
      status: 'PROCESSING_UPLOAD',
      uploaded_bytes: 6 * MB,
    });
    const second = await putChunk(upload_url, videoBytesRange(size, 6 * MB, size), 6 * MB, size);
    expect(second.status).toBe(201);
    const record = sandbox.state.publishes.get(publish_id)!;
    expect(record.sha256).toBe(videoSha256(size));
    expect(record.uploaded_bytes).toBe(size);
    expect(record.content_type).toBe('video/mp4');
    const { data } = await waitForStatus(sandbox, token, publish_id);
    expect(data.status).toBe('PUBLISH_COMPLETE');
  });

  it("TikTok's example: 50 000 123 bytes in 5 chunks, the last one 10 000 123", async () => {
    const size = 50_000_123;
    const { publish_id, upload_url } = await init(size, 10_000_000, 5);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const end = i === 4 ? size : (i + 1) * 10_000_000;
      statuses.push(
        (await putChunk(upload_url, videoBytesRange(size, i * 10_000_000, end), i * 10_000_000, size)).status,
      );
    }
    expect(statuses).toEqual([206, 206, 206, 206, 201]);
    expect(sandbox.state.publishes.get(publish_id)!.sha256).toBe(videoSha256(size));
  });

  it('takes real sample files and reads the MP4 duration from mvhd', async () => {
    for (const [name, type] of [
      ['sample.mp4', 'video/mp4'],
      ['sample.mov', 'video/quicktime'],
      ['sample.webm', 'video/webm'],
    ] as const) {
      const bytes = fixture(name);
      const { publish_id, upload_url } = await init(bytes.length, bytes.length, 1);
      expect((await putChunk(upload_url, bytes, 0, bytes.length, type)).status).toBe(201);
      const record = sandbox.state.publishes.get(publish_id)!;
      expect(record.sha256).toBe(hexSha256(bytes));
      // The checks run after the 201, as TikTok's do: their findings are there once the status moves on.
      expect((await waitForStatus(sandbox, token, publish_id)).data.status).toBe('PUBLISH_COMPLETE');
      expect(record.container).toBe(name === 'sample.webm' ? 'webm' : 'mp4');
      expect(record.duration_sec).toBe(2);
    }
  });

  it('an out-of-order chunk gets 416 with the held Content-Range', async () => {
    const size = 12 * MB;
    const { upload_url } = await init(size, 6 * MB, 2);
    const second = videoBytesRange(size, 6 * MB, size);
    const early = await putChunk(upload_url, second, 6 * MB, size);
    expect(early.status).toBe(416);
    expect(early.headers['content-range']).toBe(`bytes */${size}`);
    expect((await putChunk(upload_url, videoBytesRange(size, 0, 6 * MB), 0, size)).status).toBe(206);
    const again = await putChunk(upload_url, videoBytesRange(size, 0, 6 * MB), 0, size);
    expect(again.status).toBe(416);
    expect(again.headers['content-range']).toBe(`bytes 0-${6 * MB - 1}/${size}`);
  });

  it('a chunk that is not the planned length is 400', async () => {
    const size = 12 * MB;
    const { upload_url } = await init(size, 6 * MB, 2);
    const res = await putChunk(upload_url, videoBytesRange(size, 0, 5 * MB), 0, size);
    expect(res.status).toBe(400);
    expect(uploadOf(upload_url).received_bytes).toBe(0);
  });

  it('a short body (connection closed early) is not accepted, and the resent chunk hashes cleanly', async () => {
    const size = 12 * MB;
    const { publish_id, upload_url } = await init(size, 6 * MB, 2);
    const url = new URL(upload_url);
    const partial = videoBytesRange(size, 0, 2 * MB);
    await new Promise<void>((resolve) => {
      const socket = connect(Number(url.port), '127.0.0.1', () => {
        socket.write(
          `PUT ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: video/mp4\r\n` +
            `Content-Length: ${6 * MB}\r\nContent-Range: bytes 0-${6 * MB - 1}/${size}\r\n\r\n`,
        );
        socket.write(partial, () => setTimeout(() => socket.destroy(), 50));
      });
      socket.on('close', () => resolve());
    });
    const upload = uploadOf(upload_url);
    while (upload.busy) await new Promise((r) => setTimeout(r, 10));
    expect(upload.received_bytes).toBe(0);
    expect((await putChunk(upload_url, videoBytesRange(size, 0, 6 * MB), 0, size)).status).toBe(206);
    expect((await putChunk(upload_url, videoBytesRange(size, 6 * MB, size), 6 * MB, size)).status).toBe(201);
    expect(sandbox.state.publishes.get(publish_id)!.sha256).toBe(videoSha256(size));
  });

  it('rejects bad headers with 400', async () => {
    const bytes = fixture('sample.mp4');
    const { upload_url } = await init(bytes.length, bytes.length, 1);
    expect((await putChunk(upload_url, bytes, 0, bytes.length, 'application/octet-stream')).status).toBe(400);
    expect((await putChunk(upload_url, bytes, 0, bytes.length + 1)).status).toBe(400);
    expect(uploadOf(upload_url).received_bytes).toBe(0);
  });

  it('an expired upload_url is 403, an unknown one 404', async () => {
    const bytes = fixture('sample.mp4');
    const { upload_url } = await init(bytes.length, bytes.length, 1);
    uploadOf(upload_url).expires_at = Date.now() - 1;
    expect((await putChunk(upload_url, bytes, 0, bytes.length)).status).toBe(403);
    const forged = upload_url.replace(/upload_token=[^&]+/, 'upload_token=forged');
    expect((await putChunk(forged, bytes, 0, bytes.length)).status).toBe(404);
  });

  it('a file that is not MP4/MOV/WebM ends FAILED file_format_check_failed', async () => {
    const bytes = Buffer.from('<html>this is not a video</html>');
    const { publish_id, upload_url } = await init(bytes.length, bytes.length, 1);
    expect((await putChunk(upload_url, bytes, 0, bytes.length)).status).toBe(201);
    const { data } = await waitForStatus(sandbox, token, publish_id);
    expect(data).toMatchObject({ status: 'FAILED', fail_reason: 'file_format_check_failed' });
  });

  it('a video longer than max_video_post_duration_sec ends FAILED duration_check_failed', async () => {
    sandbox.state.creator.max_video_post_duration_sec = 1;
    try {
      const bytes = fixture('sample.mp4');
      const { publish_id, upload_url } = await init(bytes.length, bytes.length, 1);
      await putChunk(upload_url, bytes, 0, bytes.length);
      const { data } = await waitForStatus(sandbox, token, publish_id);
      expect(data).toMatchObject({ status: 'FAILED', fail_reason: 'duration_check_failed' });
    } finally {
      sandbox.state.creator.max_video_post_duration_sec = 600;
    }
  });
});
