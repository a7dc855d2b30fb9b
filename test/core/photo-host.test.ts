// Local photos in core: what the wizard's check offers, its fix key's conversion, and the refusal
// of a local photo without a media host.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkLocalImage,
  convertLocalPhoto,
  photoOffer,
  requireMediaHost,
} from '../../source/core/photo-host.js';
import type { PhotoJob } from '../../source/shared/post-job.js';

const MEDIA = join(import.meta.dirname, '..', 'fixtures', 'media');
let cache: string;
const before = process.env.AGORAS_CACHE_DIR;
beforeAll(() => {
  cache = mkdtempSync(join(tmpdir(), 'agoras-photo-'));
  process.env.AGORAS_CACHE_DIR = cache;
});
afterAll(() => {
  if (before === undefined) delete process.env.AGORAS_CACHE_DIR;
  else process.env.AGORAS_CACHE_DIR = before;
  rmSync(cache, { recursive: true, force: true });
});

describe('a local photo', () => {
  it('one TikTok takes is checked as it is, and offers nothing', async () => {
    const path = join(MEDIA, 'jpeg-1080x1920.jpg');
    expect(await checkLocalImage(path)).toMatchObject({
      summary: expect.stringMatching(/^JPEG · 1080×1920/),
    });
    expect(await photoOffer(path)).toBeUndefined();
  });

  it('a PNG is refused with a conversion offered; the fix key makes a JPEG copy TikTok takes', async () => {
    const path = join(MEDIA, 'png-360x640.png');
    await expect(checkLocalImage(path)).rejects.toThrow(/PNG image; TikTok needs JPEG or WebP photos/);
    expect(await photoOffer(path)).toMatchObject({ changes: ['PNG → JPEG'], result: 'JPEG · 360×640' });
    const copy = await convertLocalPhoto(path);
    expect(copy.startsWith(cache)).toBe(true);
    expect(await checkLocalImage(copy)).toMatchObject({ summary: expect.stringMatching(/^JPEG · 360×640/) });
  });

  it('HEIC is refused with what no conversion here can do', async () => {
    await expect(convertLocalPhoto(join(MEDIA, 'heic-360x640.heic'))).rejects.toThrow(
      /A conversion cannot fix it: HEIC \(HEVC\)/,
    );
  });

  it('without a media host, a local photo is refused saying why; URLs need none', () => {
    const job = { kind: 'photo', images: ['https://x.test/a.jpg', '/home/ana/b.jpg'] } as PhotoJob;
    expect(() => requireMediaHost(job, undefined)).toThrow(
      '/home/ana/b.jpg is a local file, and TikTok takes photos only from a URL on a domain verified for your app.',
    );
    expect(() => requireMediaHost({ ...job, images: ['https://x.test/a.jpg'] }, undefined)).not.toThrow();
  });
});
