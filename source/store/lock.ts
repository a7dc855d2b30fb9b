import {
  closeSync,
  linkSync,
  lstatSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { onInterrupt } from '../shared/cleanup.js';
import { AgorasError, ExitCode, UsageError } from '../shared/errors.js';

/** An empty or unreadable lock older than this was left by a run that died writing it. */
export const UNREADABLE_STALE_MS = 5000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock or config path must be a plain file: a symbolic link is refused, never followed. */
export function refuseSymlink(path: string, what: string): void {
  if (lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink()) {
    throw new UsageError(`${what} ${path} is a symbolic link; agoras does not follow it.`, {
      hint: `replace it with the file itself, or remove it`,
    });
  }
}

type Holder = { state: 'held'; pid: number } | { state: 'stale'; pid?: number } | { state: 'gone' };

/** Who holds a lock: a live pid; or stale (its pid is gone, or it is empty or unreadable and old). */
function holderOf(path: string): Holder {
  let text: string;
  let mtimeMs: number;
  try {
    mtimeMs = lstatSync(path).mtimeMs;
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? { state: 'gone' } : { state: 'stale' };
  }
  let pid: number | undefined;
  try {
    pid = Number(JSON.parse(text).pid);
  } catch {}
  if (pid === undefined || !Number.isInteger(pid) || pid <= 0) {
    // A lock is written whole (see create), so an unreadable one is debris from an older agoras or
    // a dying disk; a moment's grace covers one being written by a plain O_EXCL writer.
    return Date.now() - mtimeMs > UNREADABLE_STALE_MS ? { state: 'stale' } : { state: 'held', pid: 0 };
  }
  return alive(pid) ? { state: 'held', pid } : { state: 'stale', pid };
}

/**
 * Creates the lock with its content in one step: written to a private temp file, then hard-linked
 * into place (link fails if the lock exists). A full disk fails the write, so no empty lock is ever
 * left behind. Returns false when the lock exists.
 */
function create(path: string): boolean {
  const content = JSON.stringify({ pid: process.pid, at: new Date().toISOString() });
  const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    writeFileSync(temp, content, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    rmSync(temp, { force: true });
    throw lockError(path, error);
  }
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw lockError(path, error);
    return createInPlace(path, content); // a file system without hard links
  } finally {
    rmSync(temp, { force: true });
  }
}

function createInPlace(path: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw lockError(path, error);
  }
  try {
    writeSync(fd, content);
  } catch (error) {
    rmSync(path, { force: true }); // never leave a lock nobody can read
    throw lockError(path, error);
  } finally {
    closeSync(fd);
  }
  return true;
}

function lockError(path: string, cause: unknown): AgorasError {
  const code = (cause as { code?: string }).code ?? String(cause);
  return new AgorasError(
    `Could not create the lock file ${path} (${code}); nothing was posted.`,
    ExitCode.unexpected,
    {
      hint: 'free some space or make the config directory writable, then run again',
      cause,
    },
  );
}

/**
 * One attempt at the lock. A stale lock (dead pid, or empty/unreadable and old) is removed under a
 * second O_EXCL "takeover" file, so two waiters cannot both remove it and both go on.
 */
function tryTake(path: string): { taken: boolean; holder?: number } {
  refuseSymlink(path, 'The lock file');
  if (create(path)) return { taken: true };
  const holder = holderOf(path);
  if (holder.state === 'held') return { taken: false, holder: holder.pid || undefined };
  if (holder.state === 'gone') return tryTake(path);
  const guard = `${path}.takeover`;
  refuseSymlink(guard, 'The lock file');
  try {
    closeSync(openSync(guard, 'wx', 0o600));
  } catch {
    // Someone else is taking it over; a guard left by a crash is cleared after a while.
    const at = lstatSync(guard, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
    if (Date.now() - at > 10_000) rmSync(guard, { force: true });
    return { taken: false, holder: holder.pid };
  }
  try {
    if (holderOf(path).state === 'stale') rmSync(path, { force: true });
  } finally {
    rmSync(guard, { force: true });
  }
  return tryTake(path);
}

/** Removes the lock if it is still ours (never one another run took over). */
function release(path: string): void {
  try {
    if (Number(JSON.parse(readFileSync(path, 'utf8')).pid) === process.pid) rmSync(path, { force: true });
  } catch {}
}

/** Holds a taken lock: released when done, or by the signal handler if the run is interrupted. */
function held(path: string): () => void {
  const unregister = onInterrupt(() => release(path));
  return () => {
    unregister();
    release(path);
  };
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
    if (taken) return held(path);
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
  const done = held(path);
  try {
    return fn();
  } finally {
    done();
  }
}
