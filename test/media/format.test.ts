import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fileReader,
  formatDuration,
  formatFacts,
  inspectImage,
  inspectVideo,
  refusalLine,
} from '../../source/media/inspect/index.js';
import { CORPUS } from './helpers.js';

describe('formatFacts', () => {
  it('a video: codec · size · fps · duration · bytes', () => {
    const facts = {
      ok: true as const,
      kind: 'video' as const,
      container: 'MP4' as const,
      codec: 'H.264',
      width: 1080,
      height: 1920,
      fps: 30,
      durationSec: 15.2,
      sizeBytes: 3_700_000,
      bytesRead: 1,
    };
    expect(formatFacts(facts)).toBe('H.264 · 1080×1920 · 30 fps · 0:15 · 3.7 MB');
    expect(formatFacts({ ...facts, fps: 23.976, durationSec: 3725 })).toBe(
      'H.264 · 1080×1920 · 23.976 fps · 1:02:05 · 3.7 MB',
    );
  });

  it('a photo: format · size · bytes', async () => {
    const got = await inspectImage(fileReader(join(CORPUS, 'webp-1080x1920.webp')), { label: 'p' });
    expect(got.ok && formatFacts(got)).toBe('WebP · 1080×1920 · 5.1 kB');
  });
});

describe('formatDuration', () => {
  it('m:ss, with tenths only when asked and not whole', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(59.6)).toBe('1:00');
    expect(formatDuration(600.4, true)).toBe('10:00.4');
    expect(formatDuration(2.96, true)).toBe('0:03');
    expect(formatDuration(3, true)).toBe('0:03');
  });
});

describe('refusalLine', () => {
  it('names the file, what it is, what TikTok needs, and for a photo the fix', async () => {
    const got = await inspectImage(fileReader(join(CORPUS, 'png-360x640.png')), { label: 'slides/one.png' });
    expect(got.ok).toBe(false);
    if (got.ok) return;
    expect(refusalLine('slides/one.png', got)).toBe(
      'slides/one.png: PNG image; TikTok needs JPEG or WebP photos: convert it to JPEG or WebP.',
    );
  });

  it('an oversized photo gives its size and the limit', async () => {
    const got = await inspectImage(fileReader(join(CORPUS, 'jpeg-1081x1920.jpg')), { label: 'a.jpg' });
    if (got.ok) throw new Error('accepted');
    expect(refusalLine('a.jpg', got)).toMatch(/^a\.jpg: 1081×1920; TikTok needs .*1080 px on the short side/);
  });

  it('a video over the account maximum gives both durations', async () => {
    const url = 'https://example.test/clip.mp4';
    const got = await inspectVideo(fileReader(join(CORPUS, 'dur-3s.mp4')), { label: url, maxDurationSec: 2 });
    if (got.ok) throw new Error('accepted');
    expect(refusalLine(url, got)).toBe(
      "https://example.test/clip.mp4: 0:03; TikTok needs at most 0:02 (this account's limit): trim it.",
    );
  });
});
