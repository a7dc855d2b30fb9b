// Figures 1 and 2: how soon agoras answers.
//  1. start-up: spawn → exit wall time of `node dist/cli.js --version|--help` vs `node -e 0`,
//     interleaved; the ratio is the median of the pairs' ratios over BENCH_STARTUP_RUNS (default 15).
//  2. wizard: spawn → first bytes containing the header "agoras · TikTok" of `node dist/cli.js`
//     (and `--sandbox`) in a pseudo-terminal (util-linux `script`, 100×30) vs a `node -e` that writes
//     a marker at once, measured the same way; the shell and `script` overhead is in both.
import { fmt, log, record } from './report.mjs';
import { firstFrame, median, run } from './util.mjs';

const STARTUP_RUNS = Math.max(10, Number(process.env.BENCH_STARTUP_RUNS) || 15);
const WIZARD_RUNS = 7;
const WIZARD_MARKER = 'agoras · TikTok';

export async function startup({ cli, env }) {
  const cmds = [
    { name: 'node -e 0', args: ['-e', '0'] },
    { name: 'agoras --version', args: [cli, '--version'] },
    { name: 'agoras --help', args: [cli, '--help'] },
  ];
  // Sanity first (and a warm-up run of each, not counted).
  for (const c of cmds) {
    const r = await run(process.execPath, c.args, { env, timeoutMs: 20_000 });
    if (r.code !== 0) throw new Error(`${c.name} exited ${r.code}: ${r.stderr}`);
    if (c.name.includes('--help') && !r.stdout.startsWith('agoras'))
      throw new Error('--help printed no help');
  }
  const times = cmds.map(() => []);
  for (let i = 0; i < STARTUP_RUNS; i++) {
    for (const [k, c] of cmds.entries()) {
      const r = await run(process.execPath, c.args, { env, timeoutMs: 20_000, stdout: 'ignore' });
      times[k].push(r.ms);
    }
  }
  const [base, version, help] = times.map(median);
  // Paired ratios: each agoras run against the node run just before it, so a machine that speeds up
  // or slows down during the bench moves both sides of a pair alike; the median pair is quoted.
  const paired = (k) => median(times[k].map((ms, i) => ms / times[0][i]));
  log(`   median of ${STARTUP_RUNS} interleaved runs (spawn → exit):`);
  for (const [k, c] of cmds.entries())
    log(`   ${c.name.padEnd(18)} ${fmt(median(times[k]), 1)} ms  (min ${fmt(Math.min(...times[k]), 1)})`);
  const versionRatio = paired(1);
  const helpRatio = paired(2);
  record(
    'start-up --version',
    `${fmt(version, 1)} ms`,
    `${fmt(base, 1)} ms`,
    versionRatio,
    '≤ 1.15×',
    versionRatio <= 1.15,
  );
  record(
    'start-up --help',
    `${fmt(help, 1)} ms`,
    `${fmt(base, 1)} ms`,
    helpRatio,
    '≤ 1.25×',
    helpRatio <= 1.25,
  );
}

export async function wizard({ cli, env }) {
  const ptyEnv = { ...env, TERM: 'xterm-256color' };
  const size = 'stty cols 100 rows 30 2>/dev/null; exec';
  const kinds = [
    {
      name: 'node -e (marker)',
      cmd: `${size} ${JSON.stringify(process.execPath)} -e "process.stdout.write('agoras-bench-ready')"`,
      marker: 'agoras-bench-ready',
    },
    {
      name: 'agoras',
      cmd: `${size} ${JSON.stringify(process.execPath)} ${JSON.stringify(cli)}`,
      marker: WIZARD_MARKER,
    },
    {
      name: 'agoras --sandbox',
      cmd: `${size} ${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} --sandbox`,
      marker: WIZARD_MARKER,
    },
  ];
  // One try each first: is the wizard wired at all?
  for (const k of kinds) {
    const r = await firstFrame(k.cmd, k.marker, { env: ptyEnv });
    if (r.error) {
      const said = r.output
        .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
        .trim()
        .split('\n')[0]
        ?.slice(0, 160);
      if (k.marker === WIZARD_MARKER) {
        log(`   wizard: not measurable yet (${r.error}; it printed: ${said || 'nothing'})`);
        record('wizard first frame', 'not measurable yet', '', Number.NaN, '≤ 300 ms', undefined);
        return;
      }
      throw new Error(`${k.name} in a pty: ${r.error}: ${said}`);
    }
  }
  const times = kinds.map(() => []);
  for (let i = 0; i < WIZARD_RUNS; i++) {
    for (const [j, k] of kinds.entries()) {
      const r = await firstFrame(k.cmd, k.marker, { env: ptyEnv });
      if (r.error) throw new Error(`${k.name}: ${r.error}`);
      times[j].push(r.ms);
    }
  }
  log(`   median of ${WIZARD_RUNS} interleaved runs (spawn of \`script\` → first bytes with the header):`);
  for (const [j, k] of kinds.entries())
    log(`   ${k.name.padEnd(18)} ${fmt(median(times[j]), 1)} ms  (min ${fmt(Math.min(...times[j]), 1)})`);
  const base = median(times[0]);
  for (const [j, label] of [
    [1, 'wizard first frame'],
    [2, 'wizard first frame --sandbox'],
  ]) {
    const ms = median(times[j]);
    record(label, `${fmt(ms)} ms`, `${fmt(base)} ms`, ms / base, '≤ 300 ms', ms <= 300);
  }
}
