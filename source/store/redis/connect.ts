import { createHash } from 'node:crypto';
import { AgorasError, CancelledError, ExitCode, NetworkError, UsageError } from '../../shared/errors.js';
import { parseStoreUrl, type RedisStoreUrl } from './url.js';

/** A Lua script, run by its SHA1 (EVALSHA) and sent in full only when the server lacks it. */
export class Script {
  readonly sha: string;
  constructor(
    readonly name: string,
    readonly source: string,
  ) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }
}

/** One connection to Redis: every failure is an AgorasError with one clear line. */
export interface RedisLink {
  /** The server, safe to print (password masked). */
  readonly display: string;
  /** The connection is encrypted (rediss://). */
  readonly tls: boolean;
  /** Sends one command and returns its reply. */
  command<T = unknown>(args: readonly string[]): Promise<T>;
  /** Runs a Lua script atomically (EVALSHA, falling back to EVAL after a server restart). */
  run<T = unknown>(script: Script, keys: readonly string[], args: readonly (string | number)[]): Promise<T>;
  /** PING: resolves with the round trip in milliseconds, or throws a NetworkError. */
  ping(): Promise<number>;
  /** Closes the connection; always resolves, whatever state it is in. */
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** Aborts connecting (a CancelledError, or a NetworkError for a timeout signal). */
  signal?: AbortSignal;
  /** How long connecting (TCP, TLS, HELLO/AUTH, the first PING) may take in all; default 5 s. */
  connectTimeoutMs?: number;
  /** How long one command may wait for its reply; default 10 s. */
  commandTimeoutMs?: number;
  /** Reconnect attempts after a lost connection before the client gives up for good; default 3. */
  reconnectRetries?: number;
}

/** The few methods of node-redis' client this module uses. */
interface RawClient {
  connect(): Promise<unknown>;
  sendCommand(args: string[]): Promise<unknown>;
  close(): Promise<void>;
  destroy(): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
  readonly isOpen: boolean;
}

const AUTH_REPLY = /^(WRONGPASS|NOAUTH|NOPERM)\b/;
const TRANSIENT_REPLY = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|OOM|READONLY)\b/;

/** Our own timeout (the bundle is minified: errors are told apart by class, never by name). */
class NoAnswer extends Error {}

/** node-redis' error classes, from the module loaded by connectRedis. */
interface ErrorClasses {
  ErrorReply: new (...args: never[]) => Error;
  SocketClosedUnexpectedlyError: new (...args: never[]) => Error;
  ConnectionTimeoutError: new (...args: never[]) => Error;
  SocketTimeoutError: new (...args: never[]) => Error;
  ClientClosedError: new (...args: never[]) => Error;
  ClientOfflineError: new (...args: never[]) => Error;
  TimeoutError: new (...args: never[]) => Error;
}

/** Why a connection or command failed, in a few plain words. */
function reason(error: unknown, classes: ErrorClasses, timeoutMs: number): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  const is = (...kinds: (new (...args: never[]) => Error)[]) => kinds.some((kind) => error instanceof kind);
  if (code === 'ECONNREFUSED') return 'connection refused (is Redis running there?)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (code === 'ECONNRESET' || code === 'EPIPE' || is(classes.SocketClosedUnexpectedlyError)) {
    return 'the connection was lost';
  }
  if (
    code === 'ETIMEDOUT' ||
    is(NoAnswer, classes.ConnectionTimeoutError, classes.SocketTimeoutError, classes.TimeoutError)
  ) {
    return `no answer within ${timeoutMs / 1000} s`;
  }
  if (is(classes.ClientClosedError, classes.ClientOfflineError))
    return 'not connected (the connection was lost)';
  if (is(classes.ErrorReply) && AUTH_REPLY.test(message))
    return 'authentication failed (check the user and password)';
  if (code.startsWith('ERR_TLS') || /certificate|SSL|TLS/i.test(message)) return `TLS failed: ${message}`;
  return message;
}

/** Maps anything node-redis throws to an AgorasError; server replies that are bugs are exit 1. */
function toAgorasError(
  error: unknown,
  classes: ErrorClasses,
  display: string,
  timeoutMs: number,
  connecting: boolean,
): AgorasError {
  if (error instanceof AgorasError) return error;
  const why = reason(error, classes, timeoutMs);
  if (error instanceof classes.ErrorReply) {
    if (/DB index is out of range/i.test(error.message)) {
      return new UsageError(`The store ${display} names a database the server does not have.`);
    }
    if (!AUTH_REPLY.test(error.message) && !TRANSIENT_REPLY.test(error.message)) {
      return new AgorasError(`The store ${display} refused a command: ${why}`, ExitCode.unexpected, {
        cause: error,
      });
    }
  }
  return connecting
    ? new NetworkError(`Cannot reach the store ${display}: ${why}.`, {
        hint: 'nothing was written; check the URL and that Redis is up, then run again',
        cause: error,
      })
    : new NetworkError(`The store ${display} failed: ${why}.`, {
        hint: 'each write is all-or-nothing, but the last one may or may not have been applied; run again',
        cause: error,
      });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NoAnswer('no answer')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Connects to a Redis store (node-redis, loaded only now so start-up never pays for it). An
 * unreachable server, a refused connection or failed authentication is a NetworkError (exit 5)
 * within `connectTimeoutMs`; reconnecting after a lost connection is bounded.
 */
export async function connectRedis(
  target: string | RedisStoreUrl,
  options: ConnectOptions = {},
): Promise<RedisLink> {
  const parsed = typeof target === 'string' ? parseStoreUrl(target) : target;
  if (parsed.kind !== 'redis') throw new UsageError('connectRedis needs a redis:// or rediss:// URL.');
  const { display } = parsed;
  const connectTimeoutMs = options.connectTimeoutMs ?? 5000;
  const commandTimeoutMs = options.commandTimeoutMs ?? 10_000;
  const retries = options.reconnectRetries ?? 3;
  const loaded = await import('redis');
  // node-redis is CommonJS: Node sees its named exports, a bundler's interop may offer only `default`.
  const redis =
    typeof loaded.createClient === 'function'
      ? loaded
      : (loaded as unknown as { default: typeof loaded }).default;
  const classes: ErrorClasses = redis;
  const isReply = (error: unknown) => error instanceof redis.ErrorReply;
  const client = redis.createClient({
    url: parsed.url,
    disableOfflineQueue: true,
    commandOptions: { timeout: commandTimeoutMs },
    // Redis Enterprise's maintenance hints cost a DNS lookup and a command at every connect.
    maintNotifications: 'disabled',
    socket: {
      connectTimeout: connectTimeoutMs,
      // Bounded: a few quick attempts, then the client stops for good (commands fail fast). A
      // server's refusal (a wrong password, no such database) is not retried at all.
      reconnectStrategy: (attempt: number, cause: unknown) =>
        attempt >= retries || isReply(cause) ? false : Math.min(100 * 2 ** attempt, 1000),
    },
  }) as unknown as RawClient;
  // Every failure also reaches the command or connect() that met it; listening keeps Node from
  // throwing, and the last one explains a connect that ran out of time while retrying.
  let lastError: Error | undefined;
  client.on('error', (error) => {
    lastError = error;
  });

  const fail = (error: unknown, connecting: boolean) =>
    toAgorasError(error, classes, display, connecting ? connectTimeoutMs : commandTimeoutMs, connecting);
  const destroy = () => {
    try {
      client.destroy();
    } catch {
      // already gone
    }
  };

  const signal = options.signal;
  const abortError = () =>
    (signal?.reason as Error | undefined)?.name === 'TimeoutError'
      ? fail(new NoAnswer('timed out'), true)
      : new CancelledError();
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortError());
  });
  aborted.catch(() => {});
  if (signal?.aborted) {
    destroy();
    throw abortError();
  }
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const ready = (async () => {
      await client.connect();
      await client.sendCommand(['PING']);
    })();
    ready.catch(() => {});
    await Promise.race([withTimeout(ready, connectTimeoutMs), aborted]);
  } catch (error) {
    destroy();
    if (error instanceof AgorasError) throw error;
    throw fail(error instanceof NoAnswer && lastError ? lastError : error, true);
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }

  const raw = (args: readonly string[]) => withTimeout(client.sendCommand([...args]), commandTimeoutMs);
  const command = async <T>(args: readonly string[]): Promise<T> => {
    try {
      return (await raw(args)) as T;
    } catch (error) {
      throw fail(error, false);
    }
  };

  return {
    display,
    tls: parsed.tls,
    command,
    async run<T>(script: Script, keys: readonly string[], args: readonly (string | number)[]): Promise<T> {
      const rest = [String(keys.length), ...keys, ...args.map(String)];
      try {
        try {
          return (await raw(['EVALSHA', script.sha, ...rest])) as T;
        } catch (error) {
          // After a restart (or on a new server) the script cache is empty: send the source once.
          if (!(isReply(error) && (error as Error).message.startsWith('NOSCRIPT'))) throw error;
          return (await raw(['EVAL', script.source, ...rest])) as T;
        }
      } catch (error) {
        throw fail(error, false);
      }
    },
    async ping() {
      const started = performance.now();
      await command(['PING']);
      return performance.now() - started;
    },
    async close() {
      try {
        if (client.isOpen) await withTimeout(client.close(), 1000);
      } catch {
        // a dead or hung connection: destroyed below
      } finally {
        destroy();
      }
    },
  };
}
