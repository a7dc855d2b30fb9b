import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgorasError, CancelledError, NetworkError } from '../../../source/shared/errors.js';
import { connectRedis, RedisStore } from '../../../source/store/redis/index.js';
import { settle } from './helpers.js';
import { freePort, type RedisServer, SKIP_REASON, startRedisServer, titled } from './redis-server.js';

async function networkError(promise: Promise<unknown>): Promise<NetworkError> {
  const outcome = await settle(promise);
  expect(outcome.ok).toBe(false);
  const error = (outcome as { error: unknown }).error;
  expect(error).toBeInstanceOf(NetworkError);
  expect((error as NetworkError).exitCode).toBe(5);
  expect((error as NetworkError).message).not.toContain('\n');
  return error as NetworkError;
}

describe('connecting when there is no Redis', () => {
  it('a refused connection is one NetworkError line (exit 5), without hanging', async () => {
    const port = await freePort();
    const error = await networkError(connectRedis(`redis://127.0.0.1:${port}/0`, { connectTimeoutMs: 2000 }));
    expect(error.message).toBe(
      `Cannot reach the store redis://127.0.0.1:${port}/0: connection refused (is Redis running there?).`,
    );
    expect(error.hint).toMatch(/nothing was written/);
  }, 15_000);

  it('running out of time while retrying a refused connection still says it was refused', async () => {
    const port = await freePort();
    const error = await networkError(connectRedis(`redis://127.0.0.1:${port}/0`, { connectTimeoutMs: 250 }));
    expect(error.message).toMatch(/connection refused/);
  }, 15_000);

  it('a server that accepts but never answers is a NetworkError after the connect timeout', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const error = await networkError(
        RedisStore.open(`redis://:topsecret@127.0.0.1:${port}/0`, { connectTimeoutMs: 300 }),
      );
      expect(error.message).toBe(
        `Cannot reach the store redis://:••••@127.0.0.1:${port}/0: no answer within 0.3 s.`,
      );
      expect(sockets.length).toBeGreaterThan(0);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  }, 15_000);

  it('an aborted connect is a CancelledError', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const controller = new AbortController();
      const connecting = settle(connectRedis(`redis://127.0.0.1:${port}/0`, { signal: controller.signal }));
      controller.abort();
      const outcome = await connecting;
      expect(outcome.ok ? undefined : outcome.error).toBeInstanceOf(CancelledError);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  }, 15_000);
});

describe.skipIf(SKIP_REASON)(titled('connecting to a real redis-server'), () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer({ password: 'pa55-word' });
  });
  afterAll(() => server?.stop());

  it('authenticates, answers PING, and closes cleanly (twice is fine)', async () => {
    const link = await connectRedis(server.url);
    expect(link.display).toBe(`redis://:••••@127.0.0.1:${server.port}/0`);
    expect(typeof (await link.ping())).toBe('number');
    expect(await link.command(['SET', 'k', 'v'])).toBe('OK');
    await link.close();
    await link.close();
    await networkError(link.command(['GET', 'k']));
  });

  it('a wrong password is a NetworkError that does not show it', async () => {
    const error = await networkError(connectRedis(`redis://:not-the-pa55@127.0.0.1:${server.port}/0`));
    expect(error.message).toBe(
      `Cannot reach the store redis://:••••@127.0.0.1:${server.port}/0: authentication failed (check the user and password).`,
    );
    expect(error.message).not.toContain('not-the-pa55');
    const none = await networkError(connectRedis(`redis://127.0.0.1:${server.port}/0`));
    expect(none.message).toMatch(/authentication failed/);
  });

  it('a database the server does not have is a usage error', async () => {
    const outcome = await settle(connectRedis(`redis://:pa55-word@127.0.0.1:${server.port}/99`));
    expect(outcome.ok ? undefined : (outcome.error as AgorasError).exitCode).toBe(2);
  });

  it('a server that stops answering fails the command after its timeout, not never', async () => {
    const link = await connectRedis(server.url, { commandTimeoutMs: 300 });
    try {
      server.freeze();
      const error = await networkError(link.command(['PING']));
      expect(error.message).toBe(`The store ${link.display} failed: no answer within 0.3 s.`);
    } finally {
      server.thaw();
      await link.close();
    }
  }, 15_000);

  it('a command that is a bug (a wrong type) is exit 1, not a network failure', async () => {
    const link = await connectRedis(server.url);
    try {
      await link.command(['SET', 'plain', 'v']);
      const outcome = await settle(link.command(['HGET', 'plain', 'f']));
      const error = outcome.ok ? undefined : (outcome.error as AgorasError);
      expect(error).toBeInstanceOf(AgorasError);
      expect(error).not.toBeInstanceOf(NetworkError);
      expect(error?.exitCode).toBe(1);
      expect(error?.message).toMatch(/refused a command: WRONGTYPE/);
    } finally {
      await link.close();
    }
  });
});
