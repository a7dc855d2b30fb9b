// Process helpers for the bench: wall time around a spawned process, peak RSS and CPU time from
// /usr/bin/time -v (or, without it, from getrusage inside the child), and cleanup of what we start.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const TIME = '/usr/bin/time';
export const HAVE_TIME = existsSync(TIME) && process.env.BENCH_NO_TIME !== '1';
const WRAP = new URL('./rusage-wrap.mjs', import.meta.url).pathname;

/** Every child we start, so cleanup can end exactly those (by pid) and nothing else. */
const children = new Set();

/** Signals a child we started; `run` children lead their own process group (e.g. /usr/bin/time and
 * the node under it), so the whole group gets it. */
function signal(child, sig) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (groupLeaders.has(child)) process.kill(-child.pid, sig);
    else child.kill(sig);
  } catch {}
}
const groupLeaders = new WeakSet();

/** SIGINT to `run` groups (GNU time ignores it and waits for its child, which it ends), SIGTERM to others. */
export function killChildren() {
  for (const child of children) {
    if (ptys.has(child)) {
      // `script` passes Ctrl+C to the program in the terminal and waits for it, so nothing is orphaned.
      child.stdin.write('\x03');
      continue;
    }
    signal(child, groupLeaders.has(child) ? 'SIGINT' : 'SIGTERM');
  }
}
const ptys = new WeakSet();

/** Resolves when every child we started has exited, or after `ms`; SIGKILLs the stragglers then. */
export async function waitChildren(ms = 3000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if ([...children].every((c) => c.exitCode !== null || c.signalCode !== null)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

export const now = () => process.hrtime.bigint();
export const msSince = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

export function median(values) {
  const v = [...values].sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** Keeps the last `limit` characters of a stream. */
function collector(limit = 64 * 1024) {
  let text = '';
  return {
    add(chunk) {
      text += chunk;
      if (text.length > 2 * limit) text = text.slice(-limit);
    },
    get text() {
      return text.length > limit ? text.slice(-limit) : text;
    },
  };
}

/**
 * Spawns a process and resolves with its wall time (spawn to exit, hrtime), exit code and output.
 * Killed after `timeoutMs` (then `timedOut` is true). `onStderr` sees stderr as it arrives.
 */
export function run(cmd, args, { env = process.env, timeoutMs = 120_000, onStderr, stdout = 'pipe' } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = now();
    const child = spawn(cmd, args, { env, stdio: ['ignore', stdout, 'pipe'], detached: true });
    groupLeaders.add(child);
    children.add(child);
    const out = collector();
    const err = collector();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      signal(child, 'SIGKILL');
    }, timeoutMs);
    child.stdout?.setEncoding('utf8').on('data', (d) => out.add(d));
    child.stderr.setEncoding('utf8').on('data', (d) => {
      err.add(d);
      onStderr?.(d, child);
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      children.delete(child);
      reject(error);
    });
    child.on('exit', () => {
      // Wall time ends when the process exits, not when its pipes drain.
      const ms = msSince(t0);
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        children.delete(child);
        resolve({ ms, code, signal, timedOut, stdout: out.text, stderr: err.text });
      });
    });
  });
}

function parseTimeV(text) {
  const field = (label) => {
    const m = new RegExp(`${label}: ([\\d.]+)`).exec(text);
    return m ? Number(m[1]) : Number.NaN;
  };
  return {
    maxRssKb: field('Maximum resident set size \\(kbytes\\)'),
    userSec: field('User time \\(seconds\\)'),
    systemSec: field('System time \\(seconds\\)'),
  };
}

let seq = 0;
/**
 * Runs `node SCRIPT ARGS…` (or `node -e 0` when script is null) and measures its wall time, peak RSS
 * and CPU time: under /usr/bin/time -v when present, else through rusage-wrap.mjs (getrusage of the
 * node process itself). Wall time is taken around the whole spawn either way.
 */
export async function measureNode(script, args, options = {}) {
  const file = join(options.tmp, `rusage-${process.pid}-${seq++}.txt`);
  const nodeArgs = script === null ? ['-e', '0'] : [script, ...args];
  const result = HAVE_TIME
    ? await run(TIME, ['-v', '-o', file, process.execPath, ...nodeArgs], options)
    : await run(process.execPath, [WRAP, file, script === null ? '-' : script, ...args], options);
  let usage = { maxRssKb: Number.NaN, userSec: Number.NaN, systemSec: Number.NaN };
  try {
    const text = readFileSync(file, 'utf8');
    usage = HAVE_TIME ? parseTimeV(text) : JSON.parse(text);
  } catch {}
  rmSync(file, { force: true });
  return {
    ...result,
    ...usage,
    cpuSec: usage.userSec + usage.systemSec,
    rssMb: (usage.maxRssKb * 1024) / 1e6,
  };
}

/** Starts a long-lived child that prints one JSON line on stdout first; resolves with it and the child. */
export function startJsonChild(cmd, args, { env = process.env, timeoutMs = 20_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    children.add(child);
    child.on('exit', () => children.delete(child));
    let buf = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd} ${args.join(' ')} printed nothing in ${timeoutMs} ms: ${err}`));
    }, timeoutMs);
    child.stderr.setEncoding('utf8').on('data', (d) => {
      if (err.length < 4096) err += d;
    });
    child.stdout.setEncoding('utf8').on('data', function onData(d) {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.stdout.resume();
      try {
        resolve({ child, info: JSON.parse(buf.slice(0, nl)) });
      } catch (error) {
        reject(new Error(`${cmd}: not JSON: ${buf.slice(0, 200)} (${error.message})`));
      }
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} ${args.join(' ')} exited (${code}) before it was ready: ${err}`));
    });
  });
}

/** Stops a child we started (SIGTERM, then SIGKILL after `graceMs`) and waits for it. */
export function stopChild(child, graceMs = 3000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.stdin?.end();
    child.kill('SIGTERM');
  });
}

/**
 * Time until a marker appears in the output of `command` run in a pseudo-terminal (util-linux
 * `script`), then Ctrl+C, then SIGTERM/SIGKILL if it lingers. Resolves { ms } or { error, output }.
 */
export function firstFrame(command, marker, { env, timeoutMs = 10_000 } = {}) {
  return new Promise((resolve) => {
    const t0 = now();
    const child = spawn('script', ['-qfc', command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    children.add(child);
    ptys.add(child);
    let output = '';
    let result;
    const timers = [];
    const finish = (value) => {
      if (result) return;
      result = value;
      child.stdin.write('\x03');
      timers.push(setTimeout(() => child.kill('SIGTERM'), 1500));
      timers.push(setTimeout(() => child.kill('SIGKILL'), 3000));
    };
    timers.push(setTimeout(() => finish({ error: `no frame within ${timeoutMs} ms` }), timeoutMs));
    child.stdin.on('error', () => {});
    child.stdout.setEncoding('utf8').on('data', (d) => {
      if (output.length < 16_384) output += d;
      if (!result && output.includes(marker)) finish({ ms: msSince(t0) });
    });
    child.stderr.setEncoding('utf8').on('data', (d) => {
      if (output.length < 16_384) output += d;
    });
    child.on('error', (error) => finish({ error: error.message }));
    child.on('close', (code) => {
      for (const t of timers) clearTimeout(t);
      children.delete(child);
      if (!result) result = { error: `exited (${code}) before the first frame` };
      resolve({ ...result, output });
    });
  });
}
