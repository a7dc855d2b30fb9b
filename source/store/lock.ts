import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AgorasError, ExitCode } from '../core/errors.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes an exclusive lock file (O_EXCL) so two runs for the same account never post at once.
 * A lock left by a dead process is taken over; a live one is waited for, then refused clearly.
 */
export async function acquireLock(dir: string, name: string, waitMs = 10_000): Promise<() => void> {
  const path = join(dir, `${name.replace(/[^\w.-]/g, '_')}.lock`);
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid, at: new Date().toISOString() }));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder: number | undefined;
    try {
      holder = Number(JSON.parse(readFileSync(path, 'utf8')).pid);
    } catch {
      holder = undefined; // being written right now, or garbage: look again shortly
    }
    if (holder !== undefined && Number.isInteger(holder) && !alive(holder)) {
      rmSync(path, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      throw new AgorasError(
        `Another agoras run for '${name}' is still posting (pid ${holder ?? '?'}).`,
        ExitCode.unexpected,
        {
          hint: `nothing was posted by this run; if no agoras is running, delete ${path}`,
        },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
