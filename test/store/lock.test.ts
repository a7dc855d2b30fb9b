// Locks that recover: no state only a human can clear (issue 13).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCleanups } from '../../source/shared/cleanup.js';
import { AgorasError, UsageError } from '../../source/shared/errors.js';
import { acquireLock, withFileLock } from '../../source/store/lock.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'agoras-lock-'));
const old = (path: string) => utimesSync(path, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
/** The pid of a process that has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

describe('account lock', () => {
  it('is written whole: the file holds our pid, and no temp file is left', async () => {
    const dir = fresh();
    const release = await acquireLock(dir, 'config-ana');
    expect(JSON.parse(readFileSync(join(dir, 'config-ana.lock'), 'utf8')).pid).toBe(process.pid);
    expect(readdirSync(dir)).toEqual(['config-ana.lock']);
    release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an empty lock older than a few seconds (a run that died writing it, a full disk) is taken over', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'config-ana.lock'), '');
    old(join(dir, 'config-ana.lock'));
    const release = await acquireLock(dir, 'config-ana', 500);
    release();
  });

  it('an unreadable lock older than a few seconds is taken over too', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'config-ana.lock'), '{"pid":');
    old(join(dir, 'config-ana.lock'));
    (await acquireLock(dir, 'config-ana', 500))();
  });

  it('a fresh empty lock may be in the middle of being written: it is waited for', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'config-ana.lock'), '');
    await expect(acquireLock(dir, 'config-ana', 300)).rejects.toThrow(/still posting/);
  });

  it('a lock whose pid is gone is taken over', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'config-ana.lock'), JSON.stringify({ pid: deadPid() }));
    (await acquireLock(dir, 'config-ana', 500))();
  });

  it('a live holder is refused with its pid', async () => {
    const dir = fresh();
    const release = await acquireLock(dir, 'config-ana');
    const error = await acquireLock(dir, 'config-ana', 300).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgorasError);
    expect((error as Error).message).toMatch(new RegExp(`pid ${process.pid}`));
    release();
  });

  it('a symbolic link is refused with the reason, and its target left alone', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'target'), 'precious');
    symlinkSync(join(dir, 'target'), join(dir, 'config-ana.lock'));
    await expect(acquireLock(dir, 'config-ana', 300)).rejects.toThrow(UsageError);
    await expect(acquireLock(dir, 'config-ana', 300)).rejects.toThrow(
      /is a symbolic link; agoras does not follow it/,
    );
    expect(readFileSync(join(dir, 'target'), 'utf8')).toBe('precious');
  });

  it('an interrupted run releases it (the signal handler runs the clean-ups)', async () => {
    const dir = fresh();
    await acquireLock(dir, 'config-ana');
    runCleanups();
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('config.json.lock', () => {
  it('an empty one left behind does not lock the config for ever', () => {
    const dir = fresh();
    const path = join(dir, 'config.json.lock');
    writeFileSync(path, '');
    old(path);
    expect(withFileLock(path, () => 42, 300)).toBe(42);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a symbolic link is refused', () => {
    const dir = fresh();
    symlinkSync(join(dir, 'nowhere'), join(dir, 'config.json.lock'));
    expect(() => withFileLock(join(dir, 'config.json.lock'), () => 1, 300)).toThrow(/symbolic link/);
  });
});
