// Media TikTok would fail, posted after one consent: headless needs --fix-media (else the refusal
// names it), the converted copy lives in the cache and is reused, the original is never touched,
// and Ctrl+C during a conversion leaves no ffmpeg and no partial file. Against the sandbox, whose
// own media check must pass the copy (PUBLISH_COMPLETE).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, storeEnv } from './cli.js';
import { base, setupHeadless } from './headless-setup.js';
import { killDuringChunk } from './resume-helpers.js';

const h = setupHeadless();
const MEDIA = join(import.meta.dirname, '..', 'fixtures', 'media');
const SLOW = join(import.meta.dirname, '..', 'fixtures', 'convert', 'slow-1080x1920-120fps-5s.mp4');
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const video = (file: string, ...more: string[]) => [
  ...base,
  '--action',
  'video',
  '--tiktok-video-url',
  file,
  '--tiktok-title',
  'Fixed',
  '--tiktok-privacy-status',
  'SELF_ONLY',
  '--headless',
  ...more,
];
const converted = (cache: string) =>
  existsSync(join(cache, 'converted')) ? readdirSync(join(cache, 'converted')) : [];

describe('a video TikTok would fail', () => {
  it('headless without --fix-media: refused as before, naming the flag; nothing sent, nothing written', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'agoras-cache-'));
    const before = h.sandbox.state.publishes.size;
    const r = await h.cli(video(join(MEDIA, 'av1.mp4')), { AGORAS_CACHE_DIR: cache });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/av1\.mp4: AV1 video; TikTok needs H\.264, H\.265, VP8 or VP9 video/);
    expect(r.stderr).toMatch(/pass --fix-media to convert a copy \(AV1 → H\.264\)/);
    expect(h.sandbox.state.publishes.size).toBe(before);
    expect(converted(cache)).toEqual([]);
  });

  it('with --fix-media: converted into the cache, checked again, posted; a rerun reuses the copy', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'agoras-cache-'));
    const source = join(MEDIA, 'fps-120.mp4');
    const original = sha(source);
    const r = await h.cli(video(source, '--fix-media'), { AGORAS_CACHE_DIR: cache });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Converting .*fps-120\.mp4: re-encoded as H\.264, 120 fps → 60 fps/);
    expect(r.stderr).toMatch(/H\.264 · 360×640 · 60 fps/);
    const [copy] = converted(cache);
    const record = h.sandbox.state.publishes.get(JSON.parse(r.stdout).id)!;
    expect(record.status).toBe('PUBLISH_COMPLETE');
    expect(record.sha256).toBe(sha(join(cache, 'converted', copy!)));
    expect(sha(source)).toBe(original);

    const again = await h.cli(video(source, '--fix-media'), {
      AGORAS_CACHE_DIR: cache,
    });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/Using the copy converted earlier/);
    expect(converted(cache)).toEqual([copy]);
  });

  it('AGORAS_FIX_MEDIA=1 is the twin of --fix-media (a Matroska file is remuxed)', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'agoras-cache-'));
    const r = await h.cli(video(join(MEDIA, 'matroska-h264.mp4')), {
      AGORAS_CACHE_DIR: cache,
      AGORAS_FIX_MEDIA: '1',
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Matroska → MP4 \(video copied, not re-encoded\)/);
  });

  it('--dry-run says what would be converted and how, and converts nothing', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'agoras-cache-'));
    const before = h.sandbox.state.publishes.size;
    const r = await h.cli(video(join(MEDIA, 'prores.mov'), '--dry-run'), { AGORAS_CACHE_DIR: cache });
    expect(r.code, r.stderr).toBe(0);
    const preview = JSON.parse(r.stdout);
    expect(preview).toMatchObject({
      dryRun: true,
      endpoint: '/v2/post/publish/video/init/',
      conversions: [
        {
          input: join(MEDIA, 'prores.mov'),
          changes: ['ProRes → H.264'],
          result: 'H.264 · 360×640 · 24 fps',
        },
      ],
    });
    expect(r.stderr).toMatch(/Would convert .*prores\.mov: ProRes → H\.264 → H\.264 · 360×640 · 24 fps/);
    expect(converted(cache)).toEqual([]);
    expect(h.sandbox.state.publishes.size).toBe(before);
  });

  it('an upload of a converted copy killed mid-way is resumed with the same copy and publish ID', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'agoras-cache-'));
    const args = video(join(MEDIA, 'mpeg4-part2.mp4'), '--fix-media');
    await killDuringChunk(h.sandbox, args, { ...h.env, AGORAS_CACHE_DIR: cache }, 0);
    const started = [...h.sandbox.state.publishes.keys()].at(-1);
    const [copy] = converted(cache);
    const r = await h.cli(args, { AGORAS_CACHE_DIR: cache });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Using the copy converted earlier/);
    expect(r.stderr).toMatch(/Resuming the upload of/);
    expect(JSON.parse(r.stdout).id).toBe(started);
    expect(converted(cache)).toEqual([copy]);
  });

  it('a file named like an ffmpeg protocol (concat:…) is read as the file it is', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agoras-odd-'));
    copyFileSync(join(MEDIA, 'av1.mp4'), join(dir, 'concat:clip.mp4'));
    const env = { ...h.env, AGORAS_CACHE_DIR: join(dir, 'cache') };
    const child = spawn(process.execPath, [CLI, ...video('concat:clip.mp4', '--fix-media')], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        AGORAS_NO_BROWSER: '1',
        ...storeEnv(env),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/Converting concat:clip\.mp4: AV1 → H\.264/);
  });

  it('a truncated file is not fixable, and says so even with --fix-media', async () => {
    const r = await h.cli(video(join(MEDIA, 'truncated-half-faststart.mp4'), '--fix-media'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/A conversion cannot fix it: the file is truncated/);
  });

  it('Ctrl+C during a conversion: exit 130, no ffmpeg left, no partial file used later', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'agoras-cache-'));
    const env = { ...h.env, AGORAS_CACHE_DIR: cache };
    const child = spawn(process.execPath, [CLI, ...video(SLOW, '--fix-media')], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        AGORAS_NO_BROWSER: '1',
        ...storeEnv(env),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const started = new Promise<void>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (/converted \d+%/.test(stderr)) resolve();
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await started;
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toMatch(/Cancelled/);
    const ffmpegs = readdirSync('/proc')
      .filter((pid) => /^\d+$/.test(pid))
      .filter((pid) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(cache);
        } catch {
          return false;
        }
      });
    expect(ffmpegs).toEqual([]);
    expect(converted(cache)).toEqual([]);
  });
});
