/** Exit codes, documented in README and --help. */
export const ExitCode = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  auth: 3,
  refused: 4,
  network: 5,
  /** SIGHUP (128 + 1). */
  hangup: 129,
  /** Ctrl+C or SIGINT (128 + 2). */
  cancelled: 130,
  /** SIGTERM (128 + 15). */
  terminated: 143,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * What the user can do about an error, as data: the command line renders it as a command with its
 * flags, the wizard as a key or a step to go back to. No layer below the front ends names a flag.
 */
export type Fix =
  | { kind: 'authorize'; account?: string }
  | { kind: 'list-accounts' }
  | { kind: 'privacy'; allowed: string[] }
  | { kind: 'brand-not-private' }
  | { kind: 'drop-interaction'; which: 'comments' | 'duet' | 'stitch' }
  | { kind: 'client-credentials' }
  | { kind: 'redirect-port' }
  | { kind: 'sheet'; check: 'credentials' | 'id' | 'name' }
  | { kind: 'config-dir' }
  | { kind: 'config-repair' }
  | { kind: 'store-secrets' }
  /** Media a feed or a sheet names on a loopback, link-local or private address. */
  | { kind: 'private-media' }
  /** An app TikTok has not audited: post as SELF_ONLY or send to the inbox, by the person's choice. */
  | { kind: 'unaudited'; why: 'privacy' | 'public-account' };

interface ErrorOptions {
  /** The next step in plain words, when there is no structured fix for it. */
  hint?: string;
  fix?: Fix;
  cause?: unknown;
}

/** An error that knows its exit code and the next step for the user. */
export class AgorasError extends Error {
  readonly exitCode: ExitCodeValue;
  readonly hint: string | undefined;
  readonly fix: Fix | undefined;
  constructor(message: string, exitCode: ExitCodeValue, options: ErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.hint = options.hint;
    this.fix = options.fix;
  }
}

/** Bad flags, bad media, bad rows: exit 2. */
export class UsageError extends AgorasError {
  constructor(message: string, options: ErrorOptions = {}) {
    super(message, ExitCode.usage, options);
  }
}

/** No account, revoked or expired tokens, wrong client secret: exit 3. */
export class AuthError extends AgorasError {
  constructor(message: string, options: ErrorOptions = {}) {
    super(message, ExitCode.auth, options);
  }
}

/** TikTok said no: policy, spam risk, FAILED status: exit 4. */
export class RefusedError extends AgorasError {
  readonly code: string | undefined;
  constructor(message: string, options: ErrorOptions & { code?: string } = {}) {
    super(message, ExitCode.refused, options);
    this.code = options.code;
  }
}

/** The network or TikTok's servers failed after our retries: exit 5. */
export class NetworkError extends AgorasError {
  constructor(message: string, options: ErrorOptions = {}) {
    super(message, ExitCode.network, options);
  }
}

/** The user cancelled (Ctrl+C, Esc at the first step): exit 130; by SIGTERM 143, by SIGHUP 129. */
export class CancelledError extends AgorasError {
  constructor(message = 'Cancelled.', exitCode: ExitCodeValue = ExitCode.cancelled) {
    super(message, exitCode);
  }
}

const notPublished = new WeakSet<object>();

/** Marks an error raised when TikTok surely did not publish (upload unfinished, FAILED status). */
export function markNotPublished<E>(error: E): E {
  if (typeof error === 'object' && error !== null) notPublished.add(error);
  return error;
}

/** True when the error proves nothing was published, so a later run may try the item again. */
export function isNotPublished(error: unknown): boolean {
  return typeof error === 'object' && error !== null && notPublished.has(error);
}
