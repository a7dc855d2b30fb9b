// Conversion of media TikTok would fail, on the committed corpus: each fixable refusal becomes a
// file that passes the preflight AND the sandbox's own verdict (its own readers); what no conversion
// can fix says why. These are the only tests that run ffmpeg (CI installs it; the npm build is the
// fallback, tested below with an empty PATH).
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertImage, planLocalImage } from '../../source/media/convert/convert-image.js';
import { convertVideo, planLocalVideo } from '../../source/media/convert/convert-video.js';
import { findFfmpeg } from '../../source/media/convert/ffmpeg-binary.js';
import { fileReader, inspectImage, inspectVideo } from '../../source/media/inspect/index.js';
import { judgeImage, judgeVideo } from '../../source/sandbox/media/index.js';
import { CORPUS, corpus } from './helpers.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'convert');
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
let cache: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  cache = mkdtempSync(join(tmpdir(), 'agoras-convert-'));
  env = { ...process.env, AGORAS_CACHE_DIR: cache };
});
afterAll(() => rmSync(cache, { recursive: true, force: true }));

async function preflight(path: string, maxDurationSec?: number) {
  const reader = fileReader(path);
  try {
    return await inspectVideo(reader, { label: path, ...(maxDurationSec ? { maxDurationSec } : {}) });
  } finally {
    await reader.close();
  }
}

const NOT_FIXABLE: Record<string, RegExp> = {
  'truncated-half-faststart.mp4': /truncated/,
  'truncated-half-moov-end.mp4': /truncated/,
  'truncated-half.webm': /truncated/,
  'heic-still.mp4': /still image/,
  'avif-still.mp4': /still image/,
  'audio-only.mp4': /no video track/,
  'html-page.mp4': /not a video/,
};
const refusedVideos = corpus.filter((row) => row.kind === 'video' && row.verdict === 'refuse');

describe('a refused video', () => {
  for (const row of refusedVideos) {
    const path = join(CORPUS, row.file);
    const why = NOT_FIXABLE[row.file];
    if (why) {
      it(`${row.file} (${row.rule}) is not fixable, and says why`, async () => {
        const plan = await planLocalVideo(path, { trimToMax: true });
        expect(plan.fixable).toBe(false);
        if (!plan.fixable) expect(plan.why).toMatch(why);
      });
      continue;
    }
    it(`${row.file} (${row.rule}${row.maxDurationSec ? `, max ${row.maxDurationSec} s` : ''}) converts to a file TikTok takes`, async () => {
      const max = row.maxDurationSec;
      expect((await preflight(path, max)).ok).toBe(false);
      const before = sha(path);
      // As core asks: the preflight's verdict on the length wins (it reads fragments MediaInfoLib misses).
      const tooLong = row.rule === 'duration';
      const plan = await planLocalVideo(path, {
        ...(max ? { maxDurationSec: max } : {}),
        trimToMax: true,
        tooLong,
      });
      if (!plan.fixable) throw new Error(plan.why);
      expect(plan.changes.length).toBeGreaterThan(0);
      const { output } = await convertVideo(path, plan, { env });
      expect(await preflight(output, max)).toMatchObject({ ok: true });
      expect(await judgeVideo(output, max ?? 600)).not.toHaveProperty('fail_reason');
      expect(sha(path)).toBe(before); // the original is never touched
    });
  }

  it('too long is cut only when asked: without trimToMax the plan names the cut instead', async () => {
    const plan = await planLocalVideo(join(CORPUS, 'dur-3s.mp4'), { maxDurationSec: 2 });
    expect(plan).toMatchObject({ fixable: false, trim: { toSec: 2 } });
  });

  it('a Matroska file with TikTok codecs is remuxed, not re-encoded', async () => {
    const plan = await planLocalVideo(join(CORPUS, 'matroska-h264.mp4'));
    expect(plan).toMatchObject({ fixable: true, remux: true, ext: 'mp4' });
    if (plan.fixable) expect(plan.args).toEqual(expect.arrayContaining(['-c:v', 'copy']));
  });

  it('a rotated stream is scaled as shown: 1920×340 turned 90° becomes 360 wide', async () => {
    const path = join(CORPUS, 'rot90-1920x340.mp4');
    const plan = await planLocalVideo(path);
    if (!plan.fixable) throw new Error(plan.why);
    const facts = await preflight((await convertVideo(path, plan, { env })).output);
    expect(facts).toMatchObject({ ok: true, width: 360, height: 2032 });
  });

  it('a second conversion of the same file reuses the first (same path, not rewritten)', async () => {
    const path = join(CORPUS, 'fps-15.mp4');
    const plan = await planLocalVideo(path);
    if (!plan.fixable) throw new Error(plan.why);
    const first = await convertVideo(path, plan, { env });
    const mtime = statSync(first.output).mtimeMs;
    const again = await convertVideo(path, plan, { env });
    expect(again).toEqual({ output: first.output, cached: true });
    expect(statSync(again.output).mtimeMs).toBe(mtime);
  });

  it('converts every fixable refusal with the npm ffmpeg (4.1) when none is on PATH', async () => {
    const bare = { AGORAS_CACHE_DIR: mkdtempSync(join(cache, 'npm-')), PATH: '' };
    expect(await findFfmpeg(bare)).toMatchObject({ from: 'npm' });
    for (const row of refusedVideos.filter((r) => !NOT_FIXABLE[r.file])) {
      const path = join(CORPUS, row.file);
      const max = row.maxDurationSec;
      const tooLong = row.rule === 'duration';
      const plan = await planLocalVideo(path, {
        ...(max ? { maxDurationSec: max } : {}),
        trimToMax: true,
        tooLong,
      });
      if (!plan.fixable) throw new Error(plan.why);
      const { output } = await convertVideo(path, plan, { env: bare });
      expect({ file: row.file, facts: await preflight(output, max) }).toMatchObject({
        file: row.file,
        facts: { ok: true },
      });
    }
  }, 120_000);

  it('cancelled mid-way: ffmpeg is gone, no partial or finished file is left to be used later', async () => {
    const dir = mkdtempSync(join(cache, 'cancel-'));
    const path = join(FIXTURES, 'slow-1080x1920-120fps-5s.mp4');
    const plan = await planLocalVideo(path);
    if (!plan.fixable) throw new Error(plan.why);
    const stop = new AbortController();
    const running = convertVideo(path, plan, {
      env: { ...process.env, AGORAS_CACHE_DIR: dir },
      signal: stop.signal,
      onProgress: () => stop.abort(),
    });
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    expect(readdirSync(join(dir, 'converted'))).toEqual([]);
    const ffmpegs = readdirSync('/proc')
      .filter((pid) => /^\d+$/.test(pid))
      .map((pid) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        } catch {
          return '';
        }
      })
      .filter((cmd) => cmd.includes(dir));
    expect(ffmpegs).toEqual([]);
  });
});

describe('a refused photo', () => {
  const cases: [string, string, RegExp][] = [
    [join(CORPUS, 'png-360x640.png'), 'JPEG · 360×640', /PNG → JPEG/],
    [join(CORPUS, 'gif-360x640.gif'), 'JPEG · 360×640', /GIF → JPEG/],
    [join(CORPUS, 'avif-360x640.avif'), 'JPEG · 360×640', /AVIF → JPEG/],
    [join(FIXTURES, 'tiff-640x360.tif'), 'JPEG · 640×360', /TIFF → JPEG/],
    [join(FIXTURES, 'png-2400x3200.png'), 'JPEG · 1080×1440', /2400×3200 → 1080×1440/],
    [join(CORPUS, 'jpeg-1081x1920.jpg'), 'JPEG · 1080×1918', /1081×1920 → 1080×1918/],
    [join(CORPUS, 'webp-1081x1081.webp'), 'WebP · 1080×1080', /1081×1081 → 1080×1080/],
    // 1920×1080 stored, EXIF orientation 6: shown 1080×1920, so it fits once turned.
    [join(FIXTURES, 'jpeg-exif6-1920x1080.jpg'), 'JPEG · 1080×1920', /EXIF orientation applied/],
  ];
  for (const [path, result, change] of cases) {
    it(`${path.split('/').pop()} → ${result}, which TikTok takes`, async () => {
      const before = sha(path);
      const plan = await planLocalImage(path);
      if (!plan.fixable) throw new Error(plan.why);
      expect(plan.result).toBe(result);
      expect(plan.changes.join('; ')).toMatch(change);
      const { output } = await convertImage(path, plan, { env });
      const reader = fileReader(output);
      const facts = await inspectImage(reader, { label: output }).finally(() => reader.close());
      expect(`${facts.ok && facts.format} · ${facts.ok && `${facts.width}×${facts.height}`}`).toBe(result);
      expect(judgeImage(readFileSync(output))).not.toHaveProperty('fail_reason');
      expect(sha(path)).toBe(before);
    });
  }

  it('HEIC cannot be decoded by the prebuilt sharp: not fixable, and says what to do', async () => {
    const plan = await planLocalImage(join(CORPUS, 'heic-360x640.heic'));
    expect(plan).toMatchObject({ fixable: false, why: expect.stringMatching(/HEIC.*JPEG/) });
  });

  it('an image already fine is not in the way: the EXIF-turned JPEG was refused before conversion', async () => {
    const reader = fileReader(join(FIXTURES, 'jpeg-exif6-1920x1080.jpg'));
    const facts = await inspectImage(reader, { label: 'x' }).finally(() => reader.close());
    expect(facts).toMatchObject({ ok: true, width: 1080, height: 1920 });
    expect(existsSync(cache)).toBe(true);
  });
});

describe('an ffmpeg that cannot run', () => {
  it('is one line with what to do, not a stack trace (a binary without its execute bit)', async () => {
    const dir = mkdtempSync(join(cache, 'noexec-'));
    const fake = join(dir, 'ffmpeg');
    writeFileSync(fake, '#!/bin/sh\n', { mode: 0o644 });
    const path = join(CORPUS, 'av1.mp4');
    const plan = await planLocalVideo(path);
    if (!plan.fixable) throw new Error(plan.why);
    await expect(
      convertVideo(path, plan, { env: { AGORAS_CACHE_DIR: dir, AGORAS_FFMPEG: fake } }),
    ).rejects.toMatchObject({
      exitCode: 2,
      message: `ffmpeg could not be started (${fake}: EACCES).`,
      hint: expect.stringMatching(/install ffmpeg/),
    });
  });
});
