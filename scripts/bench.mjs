#!/usr/bin/env node
// `npm run bench`: measures agoras against the performance targets of the issue, each next to a
// baseline measured in this same run (so the ratio holds on a noisy machine), and prints PASS/MISS.
// It is a report: it exits 0 even when a target is missed, non-zero only when the bench itself broke.
//
// Everything runs on 127.0.0.1: a sandbox child (`agoras sandbox`) plays TikTok and Google Sheets, a
// file-server child serves the videos and the feed. Big files go to os.tmpdir() and are deleted at
// the end. BENCH_QUICK=1 skips the 1 GiB files (speed and URL figures then use 100 MiB);
// BENCH_ONLY=3,5 runs only the figures named; BENCH_NO_TIME=1 measures RSS and CPU with getrusage
// inside the child even where /usr/bin/time exists.
//
// This file is the driver (options, shared services, summary table); each figure's measuring code,
// and what exactly it includes, is in scripts/bench/:
//  1–2. start-up and wizard first frame      startup.mjs
//  3–4. FILE_UPLOAD memory and speed         upload.mjs (with uploaders.mjs, shared with 5)
//  5.   URL → TikTok: memory and time        url.mjs
//  6.   feeds and sheets CPU time            sources.mjs
//  7.   media preflight (1 GiB file, URL)    preflight.mjs
//  8.   feed parsing peak RSS (hostile)      feed-rss.mjs
//  9.   an upload resumed after SIGKILL      resume.mjs
//  10.  8 workers, one Redis store           fleet.mjs (with fleet-sandbox.mjs)
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { feedMemory } from './bench/feed-rss.mjs';
import { fleet } from './bench/fleet.mjs';
import { preflight } from './bench/preflight.mjs';
import { log, summary } from './bench/report.mjs';
import { resumedUpload } from './bench/resume.mjs';
import { authorizeAccount, InitBudget } from './bench/services.mjs';
import { feedsAndSheets } from './bench/sources.mjs';
import { startup, wizard } from './bench/startup.mjs';
import { uploads } from './bench/upload.mjs';
import { urlUpload } from './bench/url.mjs';
import {
  HAVE_TIME,
  killChildren,
  msSince,
  now,
  startJsonChild,
  stopChild,
  waitChildren,
} from './bench/util.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const FILE_SERVER = join(ROOT, 'scripts', 'bench', 'file-server.mjs');
const QUICK = process.env.BENCH_QUICK === '1';
/** BENCH_ONLY=1,6 runs only those figures (for working on one); the default is all. */
const ONLY = process.env.BENCH_ONLY
  ? new Set(process.env.BENCH_ONLY.split(',').map((s) => s.trim()))
  : undefined;

const started = now();
let broken = false;

async function figure(name, fn) {
  const id = name.split('.')[0];
  if (ONLY && !id.split('+').some((part) => ONLY.has(part))) return;
  log(`\n== ${name}`);
  const t0 = now();
  try {
    await fn();
  } catch (error) {
    broken = true;
    log(`   BENCH ERROR: ${error instanceof Error ? error.message : String(error)}`);
    summary.push({ figure: name, ours: 'error', baseline: '', ratio: '', target: '', result: 'ERROR' });
  }
  log(`   (${(msSince(t0) / 1000).toFixed(1)} s)`);
}

function cleanEnv(extra = {}) {
  const env = { ...process.env };
  // Local only: no proxy, no browser, and no CI flag (Ink renders only the last frame under CI).
  for (const name of Object.keys(env)) {
    if (/^(https?_proxy|all_proxy|no_proxy)$/i.test(name)) delete env[name];
    if (/^(CI|CONTINUOUS_INTEGRATION|DISPLAY|WAYLAND_DISPLAY)$/.test(name) || name.startsWith('CI_'))
      delete env[name];
  }
  return { ...env, AGORAS_NO_BROWSER: '1', ...extra };
}

async function main() {
  try {
    statSync(CLI);
  } catch {
    throw new Error(`${CLI} is missing: run npm run build first (npm run bench does)`);
  }
  const tmp = mkdtempSync(join(tmpdir(), 'agoras-bench-'));
  const configDir = join(tmp, 'config');
  const dataDir = join(tmp, 'data');
  mkdirSync(dataDir);
  const children = [];
  const cleanup = async () => {
    for (const child of children) await stopChild(child);
    killChildren();
    rmSync(tmp, { recursive: true, force: true });
  };
  const onSignal = async () => {
    killChildren();
    await waitChildren();
    rmSync(tmp, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  log(`agoras bench — ${cpus().length} core(s), node ${process.version}, ${QUICK ? 'QUICK' : 'full'} run`);
  log(
    `peak RSS and CPU from ${HAVE_TIME ? '/usr/bin/time -v' : 'getrusage inside the child (no /usr/bin/time)'}; temp files in ${tmp}`,
  );

  try {
    // Shared services: the sandbox (TikTok + Sheets) and a static file server, each its own process.
    const sandboxChild = await startJsonChild(
      process.execPath,
      [CLI, 'sandbox', '--port', '0', '--auto-consent', '--status-delay', '0'],
      { env: cleanEnv() },
    );
    children.push(sandboxChild.child);
    const sandbox = sandboxChild.info;
    const serverChild = await startJsonChild(process.execPath, [FILE_SERVER, dataDir], { env: cleanEnv() });
    children.push(serverChild.child);
    const files = serverChild.info.baseUrl;
    const env = cleanEnv({
      AGORAS_CONFIG_DIR: configDir,
      TIKTOK_API_BASE_URL: sandbox.tiktokApiBaseUrl,
      TIKTOK_AUTH_URL: sandbox.tiktokAuthUrl,
      GOOGLE_SHEETS_ROOT_URL: sandbox.googleSheetsRootUrl,
      GOOGLE_OAUTH_TOKEN_URL: sandbox.googleOAuthTokenUrl,
    });
    log(`sandbox ${sandbox.tiktokApiBaseUrl}, files ${files}`);

    // Accounts: the sandbox allows 6 inits per token a minute, so uploads rotate over five.
    const accounts = ['bench', 'bench-2', 'bench-3', 'bench-4', 'bench-5'];
    for (const username of accounts) await authorizeAccount({ cli: CLI, env, sandbox, username });
    const budget = new InitBudget(accounts);
    log(`authorized ${accounts.join(', ')} through agoras publish --action authorize`);

    // What every figure gets; nodeBaseline holds `node -e 0` under the same meter (RSS and CPU baselines).
    const ctx = {
      cli: CLI,
      env,
      tmp,
      dataDir,
      configDir,
      files,
      sandbox,
      budget,
      quick: QUICK,
      nodeBaseline: [],
    };

    await figure('1. start-up: agoras --version / --help vs node -e 0', () => startup(ctx));
    await figure('2. wizard first frame in a terminal', () => wizard(ctx));
    await figure('6. feeds and sheets: CPU time', () => feedsAndSheets(ctx));
    await figure('8. feed parsing: peak RSS for feeds at the 8 MiB cap, of hostile shapes', () =>
      feedMemory(ctx),
    );
    await figure(`3+4. FILE_UPLOAD: memory and speed${QUICK ? ' (quick: 100 MiB only)' : ''}`, () =>
      uploads(ctx),
    );
    await figure(`5. URL → TikTok${QUICK ? ' (quick: 100 MiB)' : ': 100 MiB and 1 GiB'}`, () =>
      urlUpload(ctx),
    );
    await figure('7. media preflight: 1 GiB file and far-moov URL', () => preflight(ctx));
    await figure('9. a 200 MiB upload killed at 80 MiB, then run again', () => resumedUpload(ctx));
    await figure('10. fleet: 8 workers post 200 feed entries for 20 accounts via Redis', () => fleet(ctx));
  } finally {
    await cleanup();
  }
  printSummary();
}

function printSummary() {
  const head = {
    figure: 'figure',
    ours: 'ours',
    baseline: 'baseline',
    ratio: 'ratio',
    target: 'target',
    result: 'result',
  };
  const cols = Object.keys(head);
  const width = Object.fromEntries(
    cols.map((c) => [c, Math.max(...[head, ...summary].map((row) => String(row[c]).length))]),
  );
  const line = (row) =>
    cols
      .map((c) => String(row[c]).padEnd(width[c]))
      .join('  ')
      .trimEnd();
  log('\n== Summary');
  log(line(head));
  log(cols.map((c) => '-'.repeat(width[c])).join('  '));
  for (const row of summary) log(line(row));
  const missed = summary.filter((r) => r.result === 'MISS').length;
  const passed = summary.filter((r) => r.result === 'PASS').length;
  log(
    `\n${passed} PASS, ${missed} MISS${broken ? ', bench errors (see above)' : ''} — ${cpus().length} core(s), node ${process.version}, ${(msSince(started) / 1000).toFixed(0)} s`,
  );
}

main().then(
  () => {
    process.exitCode = broken ? 1 : 0;
  },
  (error) => {
    killChildren();
    process.stderr.write(
      `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
