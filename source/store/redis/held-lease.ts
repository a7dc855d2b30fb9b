import { AgorasError, ExitCode } from '../../shared/errors.js';
import { heldByDeadLocalProcess } from './context.js';
import type { RedisLocks } from './locks.js';
import { RELEASE } from './scripts.js';
import type { Lease } from './types.js';

/** A lock's lease lives this long unless renewed: a runner that dies frees its accounts within it. */
export const LEASE_TTL_MS = 30_000;

/** A taken lease, renewed in the background until released (or until renewing fails: then it is lost). */
export interface HeldLease {
  readonly lease: Lease;
  /** True once a renewal found the lease gone (expired, or taken over). */
  readonly lost: boolean;
  release(): Promise<void>;
}

/**
 * Takes a lock's lease, waiting up to `waitMs` for its holder; renews it every third of its life.
 * A holder on another host that stays busy past the wait is a clear error: nothing was posted.
 */
export async function holdLease(
  locks: RedisLocks,
  name: string,
  what: string,
  waitMs: number,
  ttlMs = LEASE_TTL_MS,
): Promise<HeldLease> {
  let lease = await locks.acquire(name, ttlMs);
  if (!lease && (await clearDeadLocalHolder(locks, name))) lease = await locks.acquire(name, ttlMs);
  lease ??= await locks.acquire(name, ttlMs, { waitMs });
  if (!lease) {
    throw new AgorasError(
      `Another agoras run is still working on ${what} (on this or another host).`,
      ExitCode.unexpected,
      {
        hint: 'nothing was posted by this run; its lock expires by itself if that run died',
      },
    );
  }
  let lost = false;
  let renewing: Promise<unknown> = Promise.resolve();
  const timer = setInterval(
    () => {
      renewing = locks.renew(lease, ttlMs).then(
        (held) => {
          if (!held) lost = true;
        },
        () => {}, // the store is unreachable: the guarded writes will say so
      );
    },
    Math.max(10, Math.floor(ttlMs / 3)),
  );
  timer.unref();
  return {
    lease,
    get lost() {
      return lost;
    },
    release: async () => {
      clearInterval(timer);
      await renewing;
      await locks.release(lease).catch(() => false); // an unreachable store lets it expire
    },
  };
}

/** A lock held by a process of this host that died is released (compare-and-delete: only that holder's). */
async function clearDeadLocalHolder(locks: RedisLocks, name: string): Promise<boolean> {
  const { keys, link } = locks.context;
  const token = await link.command<string | null>(['GET', keys.lock(name)]);
  if (!token || !heldByDeadLocalProcess(token)) return false;
  return Number(await link.run(RELEASE, [keys.lock(name)], [token])) === 1;
}
