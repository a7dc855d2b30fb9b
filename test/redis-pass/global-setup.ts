import type { TestProject } from 'vitest/node';
import { type RedisServer, SKIP_REASON, startRedisServer } from '../store/redis/redis-server.js';

let server: RedisServer | undefined;

/**
 * The Redis pass: the store-dependent tests run again with every CLI they start pointed at one real
 * redis-server (see test/e2e/cli.ts). Without redis-server it stops with the reason, never passes.
 */
export async function setup(project: TestProject): Promise<void> {
  if (SKIP_REASON) throw new Error(`The Redis pass cannot run: ${SKIP_REASON}.`);
  server = await startRedisServer({ databases: 8192 });
  project.provide('redisStoreBase', `redis://127.0.0.1:${server.port}`);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    redisStoreBase: string;
  }
}
