// Figure 11: media conversion (issue 22). A 1080×1920, 120 fps, 10 s H.264 video (made with ffmpeg
// at run time, not timed) is converted as `--fix-media` does (re-encoded to 60 fps), against the
// very same ffmpeg command run directly: the ratio says what agoras adds around the call (the
// probe, the plan, progress parsing, the rename). Also: the peak RSS of agoras' own process during
// the conversion (sampled every 10 ms; ffmpeg's memory is its own), and sharp's time per megapixel
// to turn a 4000×3000 PNG into the JPEG TikTok takes (fitted to 1920×1440).
//
// Like figure 7 the code is measured as a module: source/media/convert is bundled with esbuild (its
// libraries left external, as in dist/) and each run is a fresh `node` child.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { fmt, log, record } from './report.mjs';
import { median, run } from './util.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ROUNDS = 3;

const ENTRY = `
export { planLocalVideo, convertVideo } from './source/media/convert/convert-video.ts';
export { planLocalImage, convertImage } from './source/media/convert/convert-image.ts';
export { ffmpegArgs } from './source/media/convert/run-ffmpeg.ts';
export { findFfmpeg } from './source/media/convert/ffmpeg-binary.ts';
`;

const CHILD = `
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { convertImage, convertVideo, ffmpegArgs, findFfmpeg, planLocalImage, planLocalVideo } from './convert-bundle.mjs';
const [mode, input, cache] = process.argv.slice(2);
const env = { ...process.env, AGORAS_CACHE_DIR: mkdtempSync(join(cache, 'run-')) };
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 10);
const t0 = performance.now();
let out;
if (mode === 'video') {
  const plan = await planLocalVideo(input);
  if (!plan.fixable) throw new Error(plan.why);
  const planned = performance.now();
  await convertVideo(input, plan, { env });
  out = { ms: performance.now() - t0, planMs: planned - t0, ffmpeg: (await findFfmpeg()).path, args: ['-progress', 'pipe:1', '-nostats', ...ffmpegArgs({ args: plan.args, input }, join(cache, 'direct.' + plan.ext))] };
} else {
  const plan = await planLocalImage(input);
  if (!plan.fixable) throw new Error(plan.why);
  await convertImage(input, plan, { env });
  out = { ms: performance.now() - t0, result: plan.result };
}
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
process.stdout.write(JSON.stringify({ ...out, peakRss: peak }) + '\\n');
`;

async function bundle() {
  const dir = join(ROOT, 'node_modules', '.cache', `agoras-bench-convert-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  await build({
    stdin: { contents: ENTRY, resolveDir: ROOT, loader: 'ts' },
    outfile: join(dir, 'convert-bundle.mjs'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['mediainfo.js', 'image-size', 'undici', 'sharp', '@ffmpeg-installer/ffmpeg'],
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    logLevel: 'warning',
  });
  writeFileSync(join(dir, 'child.mjs'), CHILD);
  return dir;
}

async function child(dir, mode, input, cache) {
  const r = await run(process.execPath, [join(dir, 'child.mjs'), mode, input, cache], { timeoutMs: 600_000 });
  if (r.code !== 0)
    throw new Error(`convert child (${mode}) exited ${r.code}: ${r.stderr.trim().slice(-400)}`);
  return JSON.parse(r.stdout);
}

export async function conversion({ tmp }) {
  const work = mkdtempSync(join(tmp, 'convert-'));
  const video = join(work, 'in-1080x1920-120fps.mp4');
  const png = join(work, 'in-4000x3000.png');
  const make = (args) => {
    const r = spawnSync('ffmpeg', ['-v', 'error', '-y', ...args], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('ffmpeg is needed to make the bench inputs (apt install ffmpeg)');
  };
  make([
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=1080x1920:rate=120:duration=10',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    video,
  ]);
  make(['-f', 'lavfi', '-i', 'testsrc2=size=4000x3000', '-frames:v', '1', png]);
  log('   made a 10 s 1080×1920 120 fps H.264 video and a 4000×3000 PNG (not timed)');
  const dir = await bundle();
  try {
    const ours = [];
    const direct = [];
    const peaks = [];
    let info;
    for (let i = 0; i < ROUNDS; i++) {
      info = await child(dir, 'video', video, work);
      ours.push(info.ms);
      peaks.push(info.peakRss);
      const r = await run(info.ffmpeg, info.args, { timeoutMs: 600_000 });
      if (r.code !== 0) throw new Error(`ffmpeg exited ${r.code}: ${r.stderr.slice(-300)}`);
      direct.push(r.ms);
    }
    const [o, d] = [median(ours), median(direct)];
    log(`   ${info.ffmpeg} ${info.args.join(' ')}`);
    log(
      `   conversion: agoras ${fmt(o)} ms (plan ${fmt(info.planMs)} ms), ffmpeg alone ${fmt(d)} ms (medians of ${ROUNDS})`,
    );
    record(
      'conversion: agoras vs the same ffmpeg command',
      `${fmt(o)} ms`,
      `${fmt(d)} ms`,
      o / d,
      '≤ 1.05×',
      o / d <= 1.05,
    );
    const rss = Math.max(...peaks) / 1e6;
    log(`   agoras' own peak RSS during the conversion: ${fmt(rss, 1)} MB`);
    record("conversion: agoras' own peak RSS", `${fmt(rss, 1)} MB`, '', Number.NaN, '', undefined);
    const images = [];
    for (let i = 0; i < ROUNDS; i++) images.push((await child(dir, 'image', png, work)).ms);
    const perMp = median(images) / 12;
    log(
      `   PNG 4000×3000 → JPEG fitted: ${fmt(median(images))} ms, ${fmt(perMp, 1)} ms per megapixel (cold: loads sharp)`,
    );
    record(
      'image conversion per megapixel (sharp, cold)',
      `${fmt(perMp, 1)} ms/MP`,
      '',
      Number.NaN,
      '',
      undefined,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
}
