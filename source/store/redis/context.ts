import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { AgorasError, ExitCode, UsageError } from '../../shared/errors.js';
import type { RedisLink } from './connect.js';
import { checkSecretPolicy, isSealed, openSecret, sealSecret } from './seal.js';
import type { Lease } from './types.js';

/**
 * The key layout of one namespace. `{namespace}` is a Redis hash tag: every key of a namespace
 * lands in the same cluster slot, so the multi-key scripts work on a cluster too.
 */
export class Keys {
  readonly base: string;
  constructor(readonly namespace: string) {
    if (!/^[\w.-]{1,64}$/.test(namespace)) {
      throw new UsageError(
        `The store namespace '${namespace}' may only use letters, digits, '.', '_' and '-'.`,
      );
    }
    this.base = `agoras:{${namespace}}:`;
  }
  /** Hash: username → account JSON (secrets sealed when a key is set). */
  get accounts(): string {
    return `${this.base}accounts`;
  }
  /** String: the default account's name. */
  get default(): string {
    return `${this.base}default`;
  }
  /** Counter: the fencing numbers of every lease granted in the namespace. */
  get fence(): string {
    return `${this.base}fence`;
  }
  /** Hash: item key → ledger entry JSON. */
  get ledger(): string {
    return `${this.base}ledger`;
  }
  /** String with a TTL: an account's lock, holding its owner's token. */
  lock(account: string): string {
    return `${this.base}lock:${account}`;
  }
  /** String with a TTL: an account's refresh turn, holding its refresher's token. */
  refresh(account: string): string {
    return `${this.base}refresh:${account}`;
  }
  /** Hash: publish ID → post record JSON (its upload URL sealed when a key is set). */
  posts(account: string): string {
    return `${this.base}posts:${account}`;
  }
  /** Set: the accounts that have post records. */
  get postAccounts(): string {
    return `${this.base}post-accounts`;
  }
  /** The lease key a lease lives under. */
  leaseKey(lease: Lease): string {
    return lease.kind === 'lock' ? this.lock(lease.account) : this.refresh(lease.account);
  }
}

/** A write that guards a post was refused: the lease expired or another runner holds it now. */
export class LeaseLostError extends AgorasError {
  constructor(lease: Lease) {
    super(
      lease.kind === 'lock'
        ? `The lock of '${lease.account}' was lost (it expired or another run took it over); nothing was written.`
        : `The refresh turn of '${lease.account}' was lost (it expired or another run took it over); the new tokens were not stored.`,
      ExitCode.unexpected,
      { hint: 'another run is handling this account; run again later if it does not finish' },
    );
  }
}

/** What every part of the Redis store shares: the connection, the keys, the clock, the key. */
export class Context {
  constructor(
    readonly link: RedisLink,
    readonly keys: Keys,
    readonly now: () => number,
    readonly sealKey: Buffer | undefined,
    readonly insecure: boolean,
  ) {}

  /** Throws the policy's UsageError when secrets may not be written to this store. */
  mayWriteSecrets(): void {
    const refusal = checkSecretPolicy({ tls: this.link.tls, key: this.sealKey, insecure: this.insecure });
    if (refusal) throw refusal;
  }

  /** Seals a secret for storage when a key is set; stored as is otherwise (the policy allowed it). */
  seal(plain: string, context: string): string {
    return this.sealKey ? sealSecret(plain, this.sealKey, context) : plain;
  }

  /**
   * Opens a stored secret; a sealed one without a key is a UsageError saying so. With a key, every
   * secret must be sealed under this very context: plain text (planted by anyone who can write to
   * the Redis) or a value moved from another account or field fails closed, never used.
   */
  open(stored: string, context: string): string {
    if (!isSealed(stored)) {
      if (!this.sealKey) return stored;
      throw new UsageError(
        `A secret in the store ${this.link.display} (${context}) is plain text though AGORAS_STORE_KEY is set: refused, nothing sent.`,
        { hint: 'someone wrote to the store without the key; remove the record or sign in again' },
      );
    }
    if (!this.sealKey) {
      throw new UsageError('The store holds sealed tokens and AGORAS_STORE_KEY is not set.', {
        hint: 'set AGORAS_STORE_KEY to the key the store was written with',
      });
    }
    return openSecret(stored, this.sealKey, context);
  }

  /** KEYS[1] and ARGV[1] of a guarded script: the lease's key and token, or none. */
  guard(lease: Lease | undefined): { key: string; token: string } {
    return lease
      ? { key: this.keys.leaseKey(lease), token: lease.token }
      : { key: this.keys.fence, token: '' };
  }

  /** Runs a guarded script; a -1 reply (the lease is gone) becomes a LeaseLostError. */
  async guarded(
    script: Parameters<RedisLink['run']>[0],
    lease: Lease | undefined,
    key: string,
    args: (string | number)[],
  ): Promise<number> {
    const { key: guardKey, token } = this.guard(lease);
    const reply = Number(await this.link.run(script, [guardKey, key], [token, ...args]));
    if (reply === -1 && lease) throw new LeaseLostError(lease);
    return reply;
  }
}

/** This host's name as lease tokens carry it (no separators in it). */
const HOST =
  hostname()
    .replace(/[^\w.-]/g, '_')
    .slice(0, 64) || 'host';

/**
 * The holder part of a lease token: `<host>~<pid>~<random>`. The random part makes it unique; the
 * host and pid let a run on the same host see that the holder died (a crash, SIGKILL) and take
 * its lock at once, where another host waits for the lease to run out.
 */
export function nonce(): string {
  return `${HOST}~${process.pid}~${randomBytes(12).toString('base64url')}`;
}

/** True when a lease token names a process of this host that no longer runs. */
export function heldByDeadLocalProcess(token: string): boolean {
  const [host, pid] = token.slice(token.indexOf(':') + 1).split('~');
  const id = Number(pid);
  if (host !== HOST || !Number.isInteger(id) || id <= 0 || id === process.pid) return false;
  try {
    process.kill(id, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Turns a lease token `<fence>:<random>` into a Lease. */
export function leaseOf(kind: Lease['kind'], account: string, token: string): Lease {
  return { kind, account, token, fence: Number(token.slice(0, token.indexOf(':'))) };
}

/** An integer the Lua scripts keep exact (cjson writes 14 significant digits). */
export function exactInt(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value >= 1e14) {
    throw new RangeError(`${name} must be a whole number from 0 to 10^14 (got ${value}).`);
  }
  return value;
}

/** A positive whole number of milliseconds. */
export function positiveMs(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${name} must be a whole number of ms ≥ 1.`);
  return value;
}

/** Waits, ending early (and throwing its reason) when the signal aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return sleep(ms, undefined, signal ? { signal } : undefined);
}
