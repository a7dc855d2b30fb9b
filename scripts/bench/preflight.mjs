// Figure 7: media preflight (issue 11). Time and bytes read to inspect a 1 GiB local video (moov at
// the start, then a huge mdat) and a 1 GiB far-moov video by URL (moov after the mdat, read with
// HTTP Range requests from the bench's file server). Both files are real corpus videos whose mdat is
// padded with a sparse hole (scripts/bench/media-files.mjs), so they are valid and cost no disk.
//
// Until the preflight is wired into the CLI, it is measured as a module: source/media/inspect is
// bundled with esbuild (its libraries left external, as in dist/) and each measurement is a fresh
// `node` child, so "cold" includes loading mediainfo.js and compiling its wasm; "warm" is a second
// inspection in the same process.
//
// In `npm run bench` (scripts/bench.mjs): `import { preflight } from './bench/preflight.mjs'` and
// `await figure('7. media preflight', () => preflight(ctx));` (it uses ctx.tmp, ctx.dataDir, ctx.files).
// Alone: `node scripts/bench/preflight.mjs` starts its own file server and prints its rows.
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { padMdats } from './media-files.mjs';
import { fmt, log, record, summary } from './report.mjs';
import { median, run, startJsonChild, stopChild } from './util.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CORPUS = join(ROOT, 'test', 'fixtures', 'media');
const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const ROUNDS = 7;

const CHILD = `
import { Agent } from 'undici';
import { fileReader, inspectVideo, urlReader } from './preflight-bundle.mjs';
const [mode, target] = process.argv.slice(2);
const dispatcher = new Agent();
const open = () => (mode === 'url' ? urlReader(target, { dispatcher }) : fileReader(target));
async function once() {
  const reader = open();
  const t0 = performance.now();
  const facts = await inspectVideo(reader, { label: target, maxDurationSec: 600 });
  const ms = performance.now() - t0;
  await reader.close();
  if (!facts.ok) throw new Error(facts.found);
  return { ms, bytes: reader.bytesRead };
}
const cold = await once();
const warm = await once();
await dispatcher.close();
process.stdout.write(JSON.stringify({ cold, warm }) + '\\n');
`;

/** Bundles the preflight next to node_modules (so its libraries resolve as they would from dist/). */
async function bundle() {
  const dir = join(ROOT, 'node_modules', '.cache', `agoras-bench-preflight-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  await build({
    entryPoints: [join(ROOT, 'source', 'media', 'inspect', 'index.ts')],
    outfile: join(dir, 'preflight-bundle.mjs'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['mediainfo.js', 'image-size', 'undici'],
    logLevel: 'warning',
  });
  writeFileSync(join(dir, 'child.mjs'), CHILD);
  return dir;
}

async function measure(dir, mode, target) {
  const runs = [];
  for (let i = 0; i < ROUNDS; i++) {
    const r = await run(process.execPath, [join(dir, 'child.mjs'), mode, target], { timeoutMs: 60_000 });
    if (r.code !== 0)
      throw new Error(`preflight child (${mode}) exited ${r.code}: ${r.stderr.trim().slice(-400)}`);
    runs.push(JSON.parse(r.stdout));
  }
  return {
    cold: median(runs.map((r) => r.cold.ms)),
    warm: median(runs.map((r) => r.warm.ms)),
    bytes: Math.max(...runs.map((r) => r.cold.bytes)),
  };
}

export async function preflight({ tmp, dataDir, files }) {
  const local = padMdats(join(CORPUS, 'h264-aac-faststart.mp4'), join(tmp, 'preflight-1g.mp4'), GiB);
  const far = padMdats(join(CORPUS, 'h264-moov-end.mp4'), join(dataDir, 'preflight-far-moov.mp4'), GiB);
  log(`   made ${fmt(statSync(local).size / GiB, 2)} GiB faststart and far-moov files (sparse; not timed)`);
  const dir = await bundle();
  try {
    const file = await measure(dir, 'file', local);
    log(
      `   1 GiB local file: cold ${fmt(file.cold, 1)} ms, warm ${fmt(file.warm, 1)} ms, ${file.bytes} bytes read`,
    );
    const url = await measure(dir, 'url', `${files}/preflight-far-moov.mp4`);
    log(
      `   1 GiB far-moov URL: cold ${fmt(url.cold, 1)} ms, warm ${fmt(url.warm, 1)} ms, ${url.bytes} bytes read`,
    );
    record(
      'preflight, 1 GiB local file, warm',
      `${fmt(file.warm, 1)} ms`,
      '',
      Number.NaN,
      '< 50 ms',
      file.warm < 50,
    );
    record(
      'preflight, 1 GiB local file, cold (loads the reader)',
      `${fmt(file.cold, 1)} ms`,
      '',
      Number.NaN,
      '< 50 ms',
      file.cold < 50,
    );
    record(
      'preflight, 1 GiB local file, read',
      `${fmt(file.bytes / MiB, 3)} MiB`,
      '',
      Number.NaN,
      '< 2 MiB',
      file.bytes < 2 * MiB,
    );
    record('preflight, far-moov URL, read', `${fmt(url.bytes / MiB, 3)} MiB`, '', Number.NaN, '—', undefined);
    record(
      'preflight, far-moov URL, cold / warm',
      `${fmt(url.cold, 1)} / ${fmt(url.warm, 1)} ms`,
      '',
      Number.NaN,
      '—',
      undefined,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(local, { force: true });
    rmSync(far, { force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const tmp = mkdtempSync(join(tmpdir(), 'agoras-bench-preflight-'));
  const dataDir = join(tmp, 'data');
  mkdirSync(dataDir);
  const server = await startJsonChild(process.execPath, [
    join(ROOT, 'scripts', 'bench', 'file-server.mjs'),
    dataDir,
  ]);
  try {
    log('== 7. media preflight');
    await preflight({ tmp, dataDir, files: server.info.baseUrl });
    for (const row of summary) log(`   ${row.figure}: ${row.ours} (target ${row.target}) ${row.result}`);
  } finally {
    await stopChild(server.child);
    rmSync(tmp, { recursive: true, force: true });
  }
}
