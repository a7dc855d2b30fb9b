import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { RedisLink } from '../../../source/store/redis/connect.js';
import { rawLink } from './helpers.js';

/**
 * A real redis-server for the tests (Debian's package; `.ci/run` installs it), on 127.0.0.1 only,
 * on a free port, without persistence unless asked for.
 */

/** REDIS_SERVER (when set, the only candidate: set it to a missing path to see the skip), else Debian's. */
function findRedisServer(): string | undefined {
  const candidates =
    process.env.REDIS_SERVER !== undefined
      ? [process.env.REDIS_SERVER]
      : ['/usr/bin/redis-server', 'redis-server'];
  for (const candidate of candidates) {
    if (!candidate) continue;
    const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    if (probe.status === 0 && /Redis server v=/.test(probe.stdout)) return candidate;
  }
  return undefined;
}

/** The redis-server binary, or undefined. */
export const REDIS_SERVER = findRedisServer();

/** Why the Redis tests are skipped, or undefined when they run. */
export const SKIP_REASON = REDIS_SERVER
  ? undefined
  : 'redis-server is not installed (apt-get install redis-server; .ci/run does)';

/** A title that says why its tests were skipped. */
export function titled(title: string): string {
  return SKIP_REASON ? `${title} (skipped: ${SKIP_REASON})` : title;
}

export interface RedisServerOptions {
  /** requirepass: clients must authenticate. */
  password?: string;
  /** AOF with fsync on every write, so a kill -9 and a restart keep every acknowledged write. */
  persist?: boolean;
  /** How many numbered databases the server has (Redis' default is 16). */
  databases?: number;
}

export interface RedisServer {
  readonly port: number;
  /** redis://127.0.0.1:<port>/0, with the password when there is one. */
  readonly url: string;
  /** Kills the server at once (SIGKILL), as a crash would. */
  kill(): Promise<void>;
  /** Stops the server answering (SIGSTOP) while its connections stay open: a hung server. */
  freeze(): void;
  /** Lets a frozen server go on (SIGCONT). */
  thaw(): void;
  /** Starts it again on the same port and data directory (after kill or stop). */
  restart(): Promise<void>;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

/** A port nobody listens on right now (the kernel's pick for port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** True once the server answers PING (+PONG, or -NOAUTH when it wants a password). */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let data = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
      if (data.includes('\r\n')) done(/^(\+PONG|-NOAUTH)/.test(data));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts a redis-server and waits until it answers PING. */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  if (!REDIS_SERVER) throw new Error(SKIP_REASON);
  const dir = mkdtempSync(join(tmpdir(), 'agoras-redis-'));
  let child: ChildProcess | undefined;
  let port = 0;

  const launch = async (): Promise<boolean> => {
    const args = [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      options.persist ? 'yes' : 'no',
      ...(options.persist ? ['--appendfsync', 'always'] : []),
      ...(options.password ? ['--requirepass', options.password] : []),
      ...(options.databases ? ['--databases', String(options.databases)] : []),
      '--daemonize',
      'no',
      '--loglevel',
      'warning',
    ];
    const started = spawn(REDIS_SERVER!, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child = started;
    started.stderr?.resume();
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (started.exitCode !== null) return false; // the port was taken meanwhile, or a bad option
      if (await answersPing(port)) return true;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    started.kill('SIGKILL');
    await exited(started);
    return false;
  };

  let up = false;
  for (let attempt = 0; attempt < 5 && !up; attempt++) {
    port = await freePort();
    up = await launch();
  }
  if (!up) throw new Error(`redis-server did not start (dir ${dir})`);

  const auth = options.password ? `:${encodeURIComponent(options.password)}@` : '';
  const kill = async () => {
    if (!child) return;
    child.kill('SIGKILL');
    await exited(child);
  };
  return {
    port,
    url: `redis://${auth}127.0.0.1:${port}/0`,
    kill,
    freeze: () => child?.kill('SIGSTOP'),
    thaw: () => child?.kill('SIGCONT'),
    async restart() {
      await kill();
      if (!(await launch())) throw new Error(`redis-server did not restart on port ${port}`);
    },
    async stop() {
      if (child) {
        child.kill('SIGCONT');
        child.kill('SIGTERM');
        await exited(child);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The Redis setup many test files share: a redis-server started for the describe block, a raw link
 * to it (to read or tamper with keys as another tenant would), and the stores a test opened, all
 * closed after. Call it inside the describe block; read its fields inside the tests.
 */
export function useRedis<S extends { close(): Promise<void> }>() {
  const redis = {
    server: undefined as unknown as RedisServer,
    raw: undefined as unknown as RedisLink,
    opened: [] as S[],
  };
  beforeAll(async () => {
    redis.server = await startRedisServer();
    redis.raw = await rawLink(redis.server.url);
  });
  afterAll(async () => {
    await Promise.all(redis.opened.map((s) => s.close()));
    await redis.raw?.close();
    await redis.server?.stop();
  });
  return redis;
}
