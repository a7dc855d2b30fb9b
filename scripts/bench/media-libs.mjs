#!/usr/bin/env node
// Measures the container readers issue 11 names, on test/fixtures/media and three big files made
// here at run time: correctness (does the library give what the verdict needs), bytes read, time,
// install size and load time. Not part of `npm run bench` and not a test: it is how the client and
// sandbox readers were chosen. The candidates that were not chosen are not dependencies, so:
//
//   mkdir -p /tmp/media-libs && npm --prefix /tmp/media-libs i --no-save \
//     mediainfo.js@0.3.8 mp4box@2.4.1 file-type@21 image-size@2.1.0
//   MEDIA_LIBS=/tmp/media-libs/node_modules node scripts/bench/media-libs.mjs
import { execFileSync } from 'node:child_process';
import { closeSync, fstatSync, mkdtempSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { padMdats } from './media-files.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const LIBS = resolve(process.env.MEDIA_LIBS ?? join(ROOT, 'node_modules'));
const CORPUS = join(ROOT, 'test', 'fixtures', 'media');
const expected = JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8'));
const ENTRY = {
  'mediainfo.js': 'mediainfo.js/dist/esm/index.js',
  mp4box: 'mp4box/dist/mp4box.all.mjs',
  'file-type': 'file-type/index.js',
  'image-size': 'image-size/dist/esm/index.js',
};
const lib = (name) => import(join(LIBS, ENTRY[name]));

/** A file read by (offset, length), counting what was read. */
function counted(path) {
  const fd = openSync(path, 'r');
  const size = fstatSync(fd).size;
  const st = { bytes: 0, reads: 0 };
  return {
    size,
    st,
    read(offset, length) {
      const out = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
      st.bytes += readSync(fd, out, 0, out.length, offset);
      st.reads++;
      return out;
    },
    close: () => closeSync(fd),
  };
}

// --- what each library says, reduced to the facts a verdict needs ---------------------------------
const MI_CODEC = { AVC: 'H.264', HEVC: 'H.265', VP8: 'VP8', VP9: 'VP9', AV1: 'AV1', ProRes: 'ProRes' };
MI_CODEC['MPEG-4 Visual'] = 'MPEG-4 Part 2';
let mediainfo;
async function viaMediainfo(path) {
  if (!mediainfo) mediainfo = await (await lib('mediainfo.js')).default({ chunkSize: 64 * 1024 });
  const r = counted(path);
  const res = await mediainfo.analyzeData(r.size, (len, off) => r.read(off, len));
  r.close();
  const tracks = res.media?.track ?? [];
  const g = tracks.find((t) => t['@type'] === 'General') ?? {};
  const v = tracks.find((t) => t['@type'] === 'Video');
  const brand = String(g.CodecID ?? '').trim();
  const container =
    g.Format === 'MPEG-4' ? (brand === 'qt' ? 'MOV' : 'MP4') : g.Format === 'WebM' ? 'WebM' : g.Format;
  const rot = Math.abs(Number(v?.Rotation ?? 0)) % 180 === 90;
  return {
    st: r.st,
    container,
    truncated: g.extra?.IsTruncated === 'Yes',
    codec: v && (MI_CODEC[v.Format] ?? v.Format),
    width: v && (rot ? v.Height : v.Width),
    height: v && (rot ? v.Width : v.Height),
    fps: v?.FrameRate,
    durationSec: g.Duration,
  };
}

const MP4_CODEC = { avc1: 'H.264', avc3: 'H.264', hvc1: 'H.265', hev1: 'H.265', vp08: 'VP8', vp09: 'VP9' };
Object.assign(MP4_CODEC, { av01: 'AV1', mp4v: 'MPEG-4 Part 2', apco: 'ProRes', apcn: 'ProRes' });
async function viaMp4box(path) {
  const { createFile, Log } = await lib('mp4box');
  Log.setLogLevel(0);
  const r = counted(path);
  const file = createFile();
  let info;
  file.onReady = (i) => {
    info = i;
  };
  file.onError = () => {};
  let pos = 0;
  // Feed what it asks for; once the moov is in, a fragmented file still needs every moof, and an
  // mdat it is inside of is skipped (mp4box would otherwise want it all, being a streaming parser).
  while (pos < r.size) {
    const part = r.read(pos, 64 * 1024);
    const buf = part.buffer;
    buf.fileStart = pos;
    let next = file.appendBuffer(buf, pos + part.length >= r.size);
    if (info && !info.isFragmented) break;
    if (file.parsingMdat) next = file.parsingMdat.start + file.parsingMdat.size;
    if (!(next > pos)) break;
    pos = next;
  }
  file.flush();
  r.close();
  info = file.getInfo();
  if (!info.hasMoov) {
    // A video brand without a moov is a cut file; a still-image brand or no ftyp is not a video.
    const brands = file.ftyp ? [file.ftyp.major_brand, ...file.ftyp.compatible_brands] : [];
    const video = brands.some((b) => ['isom', 'iso2', 'mp41', 'mp42', 'qt  '].includes(b));
    return { st: r.st, container: video ? 'MP4' : (brands[0] ?? 'not MP4'), truncated: video };
  }
  // By handler, not videoTracks: mp4box files tracks with a sample entry it does not know (ProRes
  // apco) under otherTracks.
  const v = info.tracks.find((t) => file.getTrackById(t.id)?.mdia.hdlr.handler === 'vide');
  const trak = v && file.getTrackById(v.id);
  const entry = trak?.mdia.minf.stbl.stsd.entries[0]?.type;
  const rot = v && v.matrix[0] === 0;
  let end = 0;
  for (const s of trak?.samples ?? []) end = Math.max(end, s.offset + s.size);
  const dur = info.duration
    ? info.duration / info.timescale
    : info.fragment_duration
      ? info.fragment_duration.num / info.fragment_duration.den
      : v && v.samples_duration / v.timescale;
  return {
    st: r.st,
    container: info.brands.includes('qt  ') ? 'MOV' : 'MP4',
    brands: info.brands,
    truncated: end > r.size,
    codec: v && (MP4_CODEC[entry] ?? entry),
    width: v && (rot ? v.track_height : v.track_width),
    height: v && (rot ? v.track_width : v.track_height),
    fps: v && Math.round((v.nb_samples / (v.samples_duration / v.timescale)) * 1000) / 1000,
    durationSec: dur,
  };
}

async function viaFileType(path) {
  const { fileTypeFromFile } = await lib('file-type');
  return { kind: (await fileTypeFromFile(path))?.ext ?? 'unknown' };
}

async function viaImageSize(path) {
  const { imageSize } = await lib('image-size');
  const r = counted(path);
  try {
    const got = imageSize(r.read(0, 64 * 1024));
    return { st: r.st, format: got.type, width: got.width, height: got.height };
  } catch (error) {
    return { st: r.st, format: `error: ${error.message}` };
  } finally {
    r.close();
  }
}

/** Does what the library said give the verdict the corpus expects? */
function agrees(row, got) {
  if ('kind' in got) {
    // file-type names a container or image type only: judged on the container and format rules.
    const ok = row.kind === 'video' ? ['mp4', 'mov', 'webm'] : ['jpg', 'webp'];
    const refusedByType = row.rule === 'container' || row.rule === 'image-format';
    return refusedByType ? !ok.includes(got.kind) : ok.includes(got.kind);
  }
  if (row.kind === 'image') {
    if (row.rule === 'image-format') return !['jpg', 'webp'].includes(got.format);
    return `${got.width}×${got.height}` === (row.found ?? `${row.facts.width}×${row.facts.height}`);
  }
  if (row.verdict === 'accept') {
    const f = row.facts;
    return (
      got.container === f.container &&
      !got.truncated &&
      got.codec === f.codec &&
      got.width === f.width &&
      got.height === f.height &&
      Math.abs(got.fps - f.fps) < 0.01 &&
      Math.abs(got.durationSec - f.durationSec) < 0.01
    );
  }
  switch (row.rule) {
    case 'container':
      return !['MP4', 'MOV', 'WebM'].includes(got.container);
    case 'truncated':
      return got.truncated === true;
    case 'no-video':
      return got.container !== undefined && got.codec === undefined;
    case 'codec':
      return got.codec === row.found;
    case 'fps':
      return `${got.fps} fps` === row.found;
    case 'dimensions':
      return `${got.width}×${got.height}` === row.found;
    case 'duration':
      return Math.round(got.durationSec) === 3;
    default:
      return false;
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function loadTime(name, then = '') {
  const target = name === null ? 'node:zlib' : join(LIBS, ENTRY[name]);
  const code = `const t=performance.now();const m=await import(${JSON.stringify(target)});${then}console.log(performance.now()-t)`;
  const runs = Array.from({ length: 15 }, () =>
    Number(execFileSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' })),
  );
  return median(runs);
}
/** Disk size of a package and everything it depends on (a flat node_modules, as npm makes it). */
function installKB(pkg, seen = new Set()) {
  if (seen.has(pkg)) return 0;
  seen.add(pkg);
  const dir = join(LIBS, pkg);
  const deps = Object.keys(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).dependencies ?? {});
  const own = Number(execFileSync('du', ['-sk', dir], { encoding: 'utf8' }).split('\t')[0]);
  return own + deps.reduce((sum, dep) => sum + installKB(dep, seen), 0);
}

const results = {};
for (const row of expected) {
  const path = join(CORPUS, row.file);
  const mark = async (name, fn) => {
    const t = performance.now();
    const got = await fn(path).catch((error) => ({ error: String(error) }));
    const ms = performance.now() - t;
    const ok = got.error ? false : agrees(row, got);
    results[name] ??= [];
    results[name].push({ file: row.file, ok, ms, bytes: got.st?.bytes, got });
  };
  if (row.kind === 'video') {
    await mark('mediainfo.js', viaMediainfo);
    if (!row.file.endsWith('.webm')) await mark('mp4box', viaMp4box);
    await mark('file-type', viaFileType);
  } else {
    await mark('image-size', viaImageSize);
    await mark('file-type', viaFileType);
  }
}
for (const [name, rows] of Object.entries(results)) {
  const wrong = rows.filter((r) => !r.ok);
  console.log(`\n${name}: ${rows.length - wrong.length}/${rows.length} agree with the corpus`);
  for (const r of wrong) console.log(`  differs: ${r.file} ${JSON.stringify(r.got)}`);
}

const dir = mkdtempSync(join(tmpdir(), 'media-libs-'));
try {
  const big = [
    ['far moov, 100 MiB', padMdats(join(CORPUS, 'h264-moov-end.mp4'), join(dir, 'far.mp4'), 100 * 2 ** 20)],
    ['faststart, 1 GiB', padMdats(join(CORPUS, 'h264-aac-faststart.mp4'), join(dir, '1g.mp4'), 2 ** 30)],
    [
      'fragmented, 3 × 40 MiB',
      padMdats(join(CORPUS, 'dur-3s-fragmented.mp4'), join(dir, 'frag.mp4'), 40 * 2 ** 20),
    ],
  ];
  console.log('\nbig files (warm: library already loaded), median of 5:');
  for (const [label, path] of big) {
    for (const [name, fn] of [
      ['mediainfo.js', viaMediainfo],
      ['mp4box', viaMp4box],
    ]) {
      const runs = [];
      let got;
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        got = await fn(path);
        runs.push(performance.now() - t);
      }
      console.log(
        `  ${label.padEnd(24)} ${name.padEnd(13)} ${median(runs).toFixed(1).padStart(6)} ms  ${String(got.st.bytes).padStart(9)} B in ${got.st.reads} reads  dur ${got.durationSec}`,
      );
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const sample = JSON.stringify(join(CORPUS, 'dur-3s.mp4'));
const photo = JSON.stringify(join(CORPUS, 'jpeg-1080x1920.jpg'));
const readSample = `const b=(await import('node:fs')).readFileSync(${sample});`;
console.log('\ncold process, median of 15 (machine noise: compare with the baseline row):');
const rows = [
  ['baseline: import node:zlib', null, ''],
  ['mediainfo.js import', 'mediainfo.js', ''],
  ['mediainfo.js import + wasm init', 'mediainfo.js', 'const mi=await m.default();'],
  [
    'mediainfo.js import + init + first analysis',
    'mediainfo.js',
    `${readSample}const mi=await m.default();await mi.analyzeData(b.length,(n,o)=>b.subarray(o,o+n));`,
  ],
  ['mp4box import', 'mp4box', ''],
  [
    'mp4box import + first parse',
    'mp4box',
    `${readSample}const f=m.createFile();const ab=new Uint8Array(b).buffer;ab.fileStart=0;f.appendBuffer(ab);f.flush();`,
  ],
  ['file-type import', 'file-type', ''],
  ['file-type import + fileTypeFromFile', 'file-type', `await m.fileTypeFromFile(${sample});`],
  ['image-size import', 'image-size', ''],
  [
    'image-size import + imageSize',
    'image-size',
    `m.imageSize((await import('node:fs')).readFileSync(${photo}));`,
  ],
];
for (const [label, name, then] of rows)
  console.log(`  ${label.padEnd(46)} ${loadTime(name, then).toFixed(1).padStart(6)} ms`);
console.log('\ninstall size (package + its dependencies):');
for (const name of ['mediainfo.js', 'mp4box', 'file-type', 'image-size'])
  console.log(`  ${name.padEnd(13)} ${installKB(name)} kB`);
