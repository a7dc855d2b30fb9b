import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AgorasError, ExitCode } from '../shared/errors.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holderOf(path: string): number | undefined {
  try {
    const pid = Number(JSON.parse(readFileSync(path, 'utf8')).pid);
    return Number.isInteger(pid) ? pid : undefined;
  } catch {
    return undefined; // being written right now, or gone: look again shortly
  }
}

/**
 * One attempt at an exclusive lock file (O_EXCL). A lock left by a dead process is removed under a
 * second O_EXCL "takeover" file, so two waiters cannot both remove it and both go on.
 */
function tryTake(path: string): { taken: boolean; holder?: number } {
  try {
    const fd = openSync(path, 'wx', 0o600);
    writeSync(fd, JSON.stringify({ pid: process.pid, at: new Date().toISOString() }));
    closeSync(fd);
    return { taken: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const holder = holderOf(path);
  if (holder === undefined || alive(holder)) return { taken: false, holder };
  const guard = `${path}.takeover`;
  try {
    closeSync(openSync(guard, 'wx', 0o600));
  } catch {
    // Someone else is taking it over; a guard left by a crash is cleared after a while.
    if (Date.now() - (statSync(guard, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 10_000) {
      rmSync(guard, { force: true });
    }
    return { taken: false, holder };
  }
  try {
    if (holderOf(path) === holder) rmSync(path, { force: true });
  } finally {
    rmSync(guard, { force: true });
  }
  return tryTake(path);
}

function busy(name: string, holder: number | undefined, path: string): AgorasError {
  return new AgorasError(
    `Another agoras run for '${name}' is still posting (pid ${holder ?? '?'}).`,
    ExitCode.unexpected,
    {
      hint: `nothing was posted by this run; if no agoras is running, delete ${path}`,
    },
  );
}

/**
 * Takes the lock of an account so two runs never post for it at once (cron overlaps): a live
 * holder is waited for, then refused clearly; one left by a dead process is taken over.
 */
export async function acquireLock(dir: string, name: string, waitMs = 10_000): Promise<() => void> {
  const path = join(dir, `${name.replace(/[^\w.-]/g, '_')}.lock`);
  const deadline = Date.now() + waitMs;
  for (;;) {
    const { taken, holder } = tryTake(path);
    if (taken) return () => rmSync(path, { force: true });
    if (Date.now() >= deadline) throw busy(name, holder, path);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Runs `fn` holding a short lock on a file (the config's read-modify-write): without it two
 * processes each write the whole file and one loses the other's rotated token or ledger entry.
 */
export function withFileLock<T>(path: string, fn: () => T, waitMs = 5000): T {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const { taken, holder } = tryTake(path);
    if (taken) break;
    if (Date.now() >= deadline) throw busy('the config file', holder, path);
    Atomics.wait(pause, 0, 0, 5); // a short synchronous pause: config writes take milliseconds
  }
  try {
    return fn();
  } finally {
    rmSync(path, { force: true });
  }
}
