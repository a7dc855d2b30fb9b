import { AuthError } from '../../shared/errors.js';
import { decodeAccount, encodeAccount } from './accounts.js';
import { type Context, LeaseLostError, leaseOf, nonce, pause, positiveMs } from './context.js';
import { ACQUIRE, REFRESH_BEGIN, RELEASE, RENEW, ROTATION_COMMIT, ROTATION_POLL } from './scripts.js';
import type { Lease, LockStore, RefreshTurn, RotationStore, SharedAccount } from './types.js';

/** Per-account locks: SET NX PX with a fencing token, renewed and released only by their owner. */
export class RedisLocks implements LockStore {
  constructor(readonly context: Context) {}

  async acquire(
    account: string,
    ttlMs: number,
    options: { waitMs?: number; signal?: AbortSignal } = {},
  ): Promise<Lease | undefined> {
    positiveMs('ttlMs', ttlMs);
    const { keys, link } = this.context;
    const deadline = Date.now() + (options.waitMs ?? 0);
    for (;;) {
      const [won, value] = await link.run<[number, string | number]>(
        ACQUIRE,
        [keys.lock(account), keys.fence],
        [nonce(), ttlMs],
      );
      if (Number(won) === 1) return leaseOf('lock', account, String(value));
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      // Wait for the holder, but never past the deadline nor longer than its lease has left.
      const holderLeft = Number(value) > 0 ? Number(value) : 50;
      await pause(Math.max(10, Math.min(200, left, holderLeft)), options.signal);
    }
  }

  async renew(lease: Lease, ttlMs: number): Promise<boolean> {
    positiveMs('ttlMs', ttlMs);
    const { keys, link } = this.context;
    return Number(await link.run(RENEW, [keys.leaseKey(lease)], [lease.token, ttlMs])) === 1;
  }

  async release(lease: Lease): Promise<boolean> {
    const { keys, link } = this.context;
    return Number(await link.run(RELEASE, [keys.leaseKey(lease)], [lease.token])) === 1;
  }
}

/**
 * Refresh-token rotation across runners: one refresh turn per account (SET NX PX); the rotated
 * tokens are stored and the turn ended in the same script, so a rotated token is never lost
 * between "TikTok issued it" and "the store has it" by another runner's write.
 */
export class RedisRotation implements RotationStore {
  constructor(
    readonly context: Context,
    readonly locks: RedisLocks,
  ) {}

  async beginRefresh(account: string, ttlMs: number): Promise<RefreshTurn> {
    positiveMs('ttlMs', ttlMs);
    // Refused before TikTok is asked: a rotated token the store may not take would be lost.
    this.context.mayWriteSecrets();
    const { keys, link } = this.context;
    const [role, json, token] = await link.run<[number, string?, string?]>(
      REFRESH_BEGIN,
      [keys.refresh(account), keys.accounts, keys.fence],
      [account, nonce(), ttlMs],
    );
    if (Number(role) === -1 || json === undefined) {
      throw new AuthError(`There is no saved account '${account}' in the store.`, {
        fix: { kind: 'authorize', account },
      });
    }
    const current = decodeAccount(this.context, account, json);
    return Number(role) === 1
      ? { role: 'refresh', lease: leaseOf('refresh', account, String(token)), account: current }
      : { role: 'wait', account: current };
  }

  async awaitRotation(
    account: string,
    previousRefreshToken: string,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<SharedAccount | undefined> {
    const { keys, link } = this.context;
    const deadline = Date.now() + timeoutMs;
    for (let round = 0; ; round++) {
      const [json, refreshing] = await link.run<[string, number]>(
        ROTATION_POLL,
        [keys.refresh(account), keys.accounts],
        [account],
      );
      if (json !== '') {
        const current = decodeAccount(this.context, account, json);
        if (current.refreshToken !== previousRefreshToken) return current;
      }
      // No new tokens and nobody refreshing: the refresher gave up (or its turn expired).
      if (json === '' || Number(refreshing) === 0) return undefined;
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      await pause(Math.min(left, 25 * 2 ** Math.min(round, 4)), signal);
    }
  }

  async commitRotation(account: string, lease: Lease, record: SharedAccount): Promise<SharedAccount> {
    const { keys, link } = this.context;
    if (lease.kind !== 'refresh' || lease.account !== account || record.username !== account) {
      throw new RangeError(`commitRotation needs the refresh lease of '${account}' and its record.`);
    }
    const { json, saved } = encodeAccount(this.context, record);
    const committed = await link.run(
      ROTATION_COMMIT,
      [keys.refresh(account), keys.accounts],
      [lease.token, account, json],
    );
    if (Number(committed) !== 1) throw new LeaseLostError(lease);
    return saved;
  }

  async abandonRefresh(lease: Lease): Promise<boolean> {
    return this.locks.release(lease);
  }
}
