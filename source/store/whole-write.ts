import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Replaces a file atomically with all of `data` or not at all. atomically (conf's writer) does one
 * write() and trusts it: on a full disk the kernel writes part and says so, and the truncated temp
 * file is renamed over the config, losing every account. Node's writeFileSync loops until every byte
 * is written, so a full disk ends in ENOSPC here, and the old file stays.
 */
export function writeWhole(path: string, data: string, mode: number): void {
  const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    const fd = openSync(temp, 'wx', mode);
    try {
      writeFileSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
