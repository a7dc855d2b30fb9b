// Figures 3 and 4: FILE_UPLOAD of a local file.
//  3. memory: peak RSS of `agoras publish --action video FILE --no-wait` from /usr/bin/time -v (else
//     getrusage inside the child), vs `node -e 0`.
//  4. speed: our whole CLI process (start-up, creator_info, init, every chunk; --no-wait) vs one curl
//     process PUTting the same chunks (same plan, pre-split chunk files written beforehand and not
//     timed; the init is made before curl starts and not timed). Ours includes more than curl's.
// BENCH_QUICK=1 uses 100 MiB in place of 1 GiB.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fmt, log, record } from './report.mjs';
import { curlUpload, mbps, ourUpload, writeChunkFiles } from './uploaders.mjs';
import { measureNode, median, msSince, now } from './util.mjs';
import { MiB, planChunks, writeVideoRange } from './video.mjs';

export async function uploads(ctx) {
  const { env, tmp, dataDir, nodeBaseline, quick } = ctx;
  const rounds = quick ? 2 : 5;
  const small = 100 * MiB;
  const big = quick ? small : 1024 * MiB;
  const smallPath = join(dataDir, 'video-100m.mp4');
  const bigPath = join(dataDir, 'video-1g.mp4');
  const t0 = now();
  await writeVideoRange(smallPath, small);
  if (!quick) await writeVideoRange(bigPath, big);
  const plan = planChunks(big);
  const chunkFiles = await writeChunkFiles(join(tmp, 'chunks-upload'), big, plan);
  log(
    `   wrote test files and ${plan.totalChunkCount} curl chunk files of ${plan.chunkSize / MiB} MiB in ${fmt(msSince(t0))} ms (not timed)`,
  );

  // Peak RSS moves by ±10 MB between identical runs (GC timing), so the 100 MiB upload runs in every
  // round too and the growth compares medians; the ≤ 100 MB rows use the worst run.
  const smallRuns = [];
  const ours = [];
  const curl = [];
  for (let i = 0; i < rounds; i++) {
    const s = await ourUpload(ctx, smallPath);
    smallRuns.push(s);
    const r = await ourUpload(ctx, quick ? smallPath : bigPath);
    ours.push(r);
    curl.push(await curlUpload(ctx, plan, chunkFiles));
    log(
      `   round ${i + 1}: ours 100 MiB ${fmt(s.ms)} ms (peak RSS ${fmt(s.rssMb, 1)} MB); ours ${quick ? '100 MiB' : '1 GiB'} ${fmt(r.ms)} ms (${fmt(mbps(big, r.ms))} MB/s, CPU ${fmt(r.cpuSec, 2)} s, peak RSS ${fmt(r.rssMb, 1)} MB); curl ${fmt(curl[i])} ms (${fmt(mbps(big, curl[i]))} MB/s)`,
    );
  }
  if (quick)
    log('   (quick: at 100 MiB our start-up, creator_info and init weigh heavily in the speed ratio)');
  rmSync(join(tmp, 'chunks-upload'), { recursive: true, force: true });

  // The RSS baseline comes from figure 6's `node -e 0` runs; measured here when figure 6 was skipped.
  while (nodeBaseline.length < 3) nodeBaseline.push(await measureNode(null, [], { env, tmp }));
  const baseRss = median(nodeBaseline.map((r) => r.rssMb));
  const baseTxt = `${fmt(baseRss, 1)} MB`;
  const smallMax = Math.max(...smallRuns.map((r) => r.rssMb));
  const smallMedian = median(smallRuns.map((r) => r.rssMb));
  record(
    'peak RSS, 100 MiB upload (max)',
    `${fmt(smallMax, 1)} MB`,
    baseTxt,
    smallMax / baseRss,
    '≤ 100 MB',
    smallMax <= 100,
  );
  if (!quick) {
    const bigMax = Math.max(...ours.map((r) => r.rssMb));
    const bigMedian = median(ours.map((r) => r.rssMb));
    record(
      'peak RSS, 1 GiB upload (max)',
      `${fmt(bigMax, 1)} MB`,
      baseTxt,
      bigMax / baseRss,
      '≤ 100 MB',
      bigMax <= 100,
    );
    const growth = bigMedian - smallMedian;
    record(
      'RSS 1 GiB − 100 MiB (medians)',
      `${fmt(growth, 1)} MB`,
      `${fmt(smallMedian, 1)} MB`,
      bigMedian / smallMedian,
      '≤ 10 MB',
      growth <= 10,
    );
  }
  const oursMs = median(ours.map((r) => r.ms));
  const curlMs = median(curl);
  const label = quick ? '100 MiB' : '1 GiB';
  record(
    `upload ${label} throughput`,
    `${fmt(mbps(big, oursMs))} MB/s`,
    `curl ${fmt(mbps(big, curlMs))} MB/s`,
    curlMs / oursMs,
    '≥ 0.8×',
    curlMs / oursMs >= 0.8,
  );
}
