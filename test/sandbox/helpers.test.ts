import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { detectContainer } from '../../source/sandbox/media-check.js';
import { fixture, hexSha256, makeVideoBytes, serveFiles, videoBytesRange, videoSha256 } from './helpers.js';

describe('test helpers', () => {
  it('makeVideoBytes is deterministic, starts with sample.mp4 ftyp, and ranges agree with the whole', () => {
    const size = 300_001;
    const whole = makeVideoBytes(size);
    expect(whole.equals(makeVideoBytes(size))).toBe(true);
    expect(whole.subarray(0, 32).equals(fixture('sample.mp4').subarray(0, 32))).toBe(true);
    expect(detectContainer(whole)).toBe('mp4');
    expect(videoBytesRange(size, 10, 70_000).equals(whole.subarray(10, 70_000))).toBe(true);
    expect(videoSha256(size, 65_536)).toBe(hexSha256(whole));
  });

  it('serveFiles answers HEAD with the length and GET with Range', async () => {
    const files = await serveFiles({ '/a.jpg': fixture('sample.jpg') });
    try {
      const head = await request(files.url('/a.jpg'), { method: 'HEAD' });
      await head.body.dump();
      expect(head.headers['content-length']).toBe(String(fixture('sample.jpg').length));
      expect(head.headers['content-type']).toBe('image/jpeg');
      const part = await request(files.url('/a.jpg'), { headers: { range: 'bytes=2-5' } });
      expect(part.statusCode).toBe(206);
      expect(part.headers['content-range']).toBe(`bytes 2-5/${fixture('sample.jpg').length}`);
      expect(Buffer.from(await part.body.arrayBuffer()).equals(fixture('sample.jpg').subarray(2, 6))).toBe(
        true,
      );
      expect(files.requests.map((r) => r.method)).toEqual(['HEAD', 'GET']);
    } finally {
      await files.close();
    }
  });
});
