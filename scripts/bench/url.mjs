// Figure 5: URL → TikTok. Our whole CLI process posting http://…/video by URL (download and upload
// overlapped) vs max(curl -o /dev/null of the URL, curl chunk upload of the same size).
// 500 MiB; BENCH_QUICK=1 uses the 100 MiB file figures 3–4 wrote.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fmt, log, record } from './report.mjs';
import { curlUpload, ourUpload, writeChunkFiles } from './uploaders.mjs';
import { median, msSince, now, run } from './util.mjs';
import { MiB, planChunks, writeVideoRange } from './video.mjs';

const URL_ROUNDS = 3;

export async function urlUpload(ctx) {
  const { tmp, dataDir, files, quick } = ctx;
  const size = quick ? 100 * MiB : 500 * MiB;
  const name = quick ? 'video-100m.mp4' : 'video-500m.mp4';
  let t0 = now();
  if (!quick) await writeVideoRange(join(dataDir, name), size);
  const plan = planChunks(size);
  const chunkFiles = await writeChunkFiles(join(tmp, 'chunks-url'), size, plan);
  log(`   wrote the ${size / MiB} MiB file and its curl chunk files in ${fmt(msSince(t0))} ms (not timed)`);
  const url = `${files}/${name}`;
  const dl = [];
  const ul = [];
  const ours = [];
  for (let i = 0; i < URL_ROUNDS; i++) {
    t0 = now();
    const d = await run('curl', ['-sS', '--noproxy', '*', '-o', '/dev/null', '-w', '%{size_download}', url], {
      timeoutMs: 300_000,
    });
    if (d.code !== 0 || Number(d.stdout) !== size)
      throw new Error(`curl download: ${d.code} ${d.stdout} ${d.stderr}`);
    dl.push(d.ms);
    ul.push(await curlUpload(ctx, plan, chunkFiles));
    const r = await ourUpload(ctx, url);
    ours.push(r);
    log(
      `   round ${i + 1}: download ${fmt(d.ms)} ms, upload ${fmt(ul[i])} ms, ours by URL ${fmt(r.ms)} ms (CPU ${fmt(r.cpuSec, 2)} s, peak RSS ${fmt(r.rssMb, 1)} MB)`,
    );
  }
  rmSync(join(tmp, 'chunks-url'), { recursive: true, force: true });
  const base = Math.max(median(dl), median(ul));
  const oursMs = median(ours.map((r) => r.ms));
  record(
    `URL ${size / MiB} MiB → TikTok, total`,
    `${fmt(oursMs)} ms`,
    `max(dl ${fmt(median(dl))}, ul ${fmt(median(ul))}) ms`,
    oursMs / base,
    '≤ 1.25×',
    oursMs / base <= 1.25,
  );
  const rss = Math.max(...ours.map((r) => r.rssMb));
  record(`URL ${size / MiB} MiB → TikTok, peak RSS`, `${fmt(rss, 1)} MB`, '', Number.NaN, '—', undefined);
}
