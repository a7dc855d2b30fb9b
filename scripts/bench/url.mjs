// Figure 5: URL → TikTok. Our whole CLI process posting http://…/video by URL (the download read
// into two reused chunk buffers, overlapped with the upload), for 100 MiB and 1 GiB:
//  - peak RSS of each (≤ 100 MB) and its growth from 100 MiB to 1 GiB (flat: ≤ 10 MB);
//  - wall time vs the slower of its two legs measured in the same round: curl downloading the URL to
//    /dev/null, and curl PUTting the same chunks (as figure 4; target within 1.2× at 1 GiB, where our
//    start-up no longer weighs). Also printed against our own CLI uploading the same bytes from a local
//    file (start-up and init on both sides). On a 2-core machine the sandbox (hashing every byte), the
//    file server and our process share the cores, so the by-URL run is bound by CPU, not by the legs.
// BENCH_QUICK=1 runs 100 MiB only.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fmt, log, record } from './report.mjs';
import { curlUpload, ourUpload, writeChunkFiles } from './uploaders.mjs';
import { median, msSince, now, run } from './util.mjs';
import { MiB, planChunks, writeVideoRange } from './video.mjs';

async function oneSize(ctx, size, rounds) {
  const { tmp, dataDir, files } = ctx;
  const name = size >= 1024 * MiB ? 'video-1g.mp4' : 'video-100m.mp4';
  const local = join(dataDir, name);
  const t0 = now();
  if (!existsSync(local)) await writeVideoRange(local, size);
  const plan = planChunks(size);
  const chunkFiles = await writeChunkFiles(join(tmp, 'chunks-url'), size, plan);
  log(`   ${size / MiB} MiB: test file and curl chunk files ready in ${fmt(msSince(t0))} ms (not timed)`);
  const url = `${files}/${name}`;
  const r = { dl: [], fileUp: [], curlUp: [], ours: [] };
  for (let i = 0; i < rounds; i++) {
    const d = await run('curl', ['-sS', '--noproxy', '*', '-o', '/dev/null', '-w', '%{size_download}', url], {
      timeoutMs: 300_000,
    });
    if (d.code !== 0 || Number(d.stdout) !== size)
      throw new Error(`curl download: ${d.code} ${d.stdout} ${d.stderr}`);
    r.dl.push(d.ms);
    r.fileUp.push((await ourUpload(ctx, local)).ms);
    r.curlUp.push(await curlUpload(ctx, plan, chunkFiles));
    const o = await ourUpload(ctx, url);
    r.ours.push(o);
    log(
      `   round ${i + 1}: download ${fmt(d.ms)} ms, our file upload ${fmt(r.fileUp[i])} ms, curl upload ${fmt(r.curlUp[i])} ms; ours by URL ${fmt(o.ms)} ms (CPU ${fmt(o.cpuSec, 2)} s, peak RSS ${fmt(o.rssMb, 1)} MB)`,
    );
  }
  rmSync(join(tmp, 'chunks-url'), { recursive: true, force: true });
  return r;
}

export async function urlUpload(ctx) {
  const sizes = ctx.quick ? [100 * MiB] : [100 * MiB, 1024 * MiB];
  const results = new Map();
  for (const size of sizes) results.set(size, await oneSize(ctx, size, size > 100 * MiB ? 3 : 5));
  const label = (size) => (size >= 1024 * MiB ? '1 GiB' : `${size / MiB} MiB`);
  for (const [size, r] of results) {
    const rss = Math.max(...r.ours.map((o) => o.rssMb));
    record(`URL ${label(size)}, peak RSS (max)`, `${fmt(rss, 1)} MB`, '', Number.NaN, '≤ 100 MB', rss <= 100);
  }
  if (results.size > 1) {
    const [small, big] = [...results.values()].map((r) => median(r.ours.map((o) => o.rssMb)));
    record(
      'URL RSS 1 GiB − 100 MiB (medians)',
      `${fmt(big - small, 1)} MB`,
      `${fmt(small, 1)} MB`,
      big / small,
      '≤ 10 MB',
      big - small <= 10,
    );
  }
  for (const [size, r] of results) {
    const dl = median(r.dl);
    const ours = median(r.ours.map((o) => o.ms));
    const curl = median(r.curlUp);
    const up = median(r.fileUp);
    // The target row: the largest file, where start-up no longer weighs (as figure 4 does).
    const target = size === Math.max(...results.keys());
    record(
      `URL ${label(size)}, time vs the slower curl leg`,
      `${fmt(ours)} ms`,
      `max(dl ${fmt(dl)}, curl upload ${fmt(curl)}) ms`,
      ours / Math.max(dl, curl),
      target ? '≤ 1.2×' : '—',
      target ? ours / Math.max(dl, curl) <= 1.2 : undefined,
    );
    record(
      `URL ${label(size)}, vs our own file upload`,
      `${fmt(ours)} ms`,
      `max(dl ${fmt(dl)}, ours from a file ${fmt(up)}) ms`,
      ours / Math.max(dl, up),
      '—',
      undefined,
    );
  }
}
