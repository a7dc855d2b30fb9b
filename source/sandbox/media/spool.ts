import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { type FileHandle, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Spool files not yet deleted, removed at exit whatever happened to their uploads. */
const live = new Set<string>();
let exitHook = false;
const NAME = /^agoras-sandbox-(\d+)-[0-9a-f]{16}\.media$/;

/** Delete spools left by sandbox processes that are gone (killed by a signal: no exit hook ran). */
function sweepOrphans(): void {
  for (const name of readdirSync(tmpdir())) {
    const pid = Number(NAME.exec(name)?.[1] ?? 0);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') rmSync(join(tmpdir(), name), { force: true });
    }
  }
}

/**
 * A received video on disk, so that the verdict can read any part of it (a moov at the end, every
 * fragment) without holding gigabytes in memory. Writes are positioned: a chunk that failed halfway
 * is simply written again over the same bytes.
 */
export class Spool {
  readonly path = join(tmpdir(), `agoras-sandbox-${process.pid}-${randomBytes(8).toString('hex')}.media`);
  #handle: Promise<FileHandle> | undefined;
  #queue: Promise<void> = Promise.resolve();
  #failed: unknown;
  #pending = 0;

  /** Bytes queued and not yet on disk. */
  get pendingBytes(): number {
    return this.#pending;
  }

  #open(): Promise<FileHandle> {
    if (!this.#handle) {
      live.add(this.path);
      if (!exitHook) {
        exitHook = true;
        sweepOrphans();
        process.once('exit', () => {
          for (const path of live) rmSync(path, { force: true });
        });
      }
      this.#handle = open(this.path, 'w+', 0o600);
    }
    return this.#handle;
  }

  /** Queue `bytes` to be written at `position`; resolves once written (writes stay in order). */
  write(position: number, bytes: Buffer): Promise<void> {
    this.#pending += bytes.length;
    const done = this.#queue
      .then(async () => {
        const fh = await this.#open();
        let at = 0;
        while (at < bytes.length) {
          at += (await fh.write(bytes, at, bytes.length - at, position + at)).bytesWritten;
        }
      })
      .finally(() => {
        this.#pending -= bytes.length;
      });
    this.#queue = done.catch((error: unknown) => {
      this.#failed ??= error;
    });
    return done;
  }

  /** Everything queued is on disk (rejects if a write failed); the file then has `size` bytes. */
  async settle(size: number): Promise<void> {
    await this.#queue;
    if (this.#failed) throw this.#failed;
    const fh = await this.#open();
    await fh.truncate(size);
  }

  /** Close and delete the file. */
  async discard(): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    await this.#queue;
    if (handle) await (await handle).close().catch(() => {});
    await rm(this.path, { force: true });
    live.delete(this.path);
  }
}
