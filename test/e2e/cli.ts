import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { inject } from 'vitest';
import { openStore } from '../../source/store/open.js';
import { connectRedis } from '../../source/store/redis/connect.js';
import type { StateStore } from '../../source/store/state-store.js';

export const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A fresh private config dir for one test file. */
export function tempConfigDir(): string {
  return mkdtempSync(join(tmpdir(), 'agoras-test-'));
}

/** In the Redis pass (test/redis-pass), the server every CLI's store lives on. */
const redisBase = inject('redisStoreBase') as string | undefined;

/** Databases set aside per test file in the Redis pass: one per config directory ("host") it makes. */
const PER_FILE = 16;

/**
 * The Redis pass gives each config directory a test makes (each "host", each new sandbox's
 * accounts) a database of its own, as the file store gives it a file of its own. The test file
 * (this module is loaded afresh for each) takes a block of numbers from the server (INCRBY) once.
 */
const redisBlock = redisBase
  ? await (async () => {
      const link = await connectRedis(`${redisBase}/0`);
      try {
        return (
          Number(await link.command(['INCRBY', 'agoras-test:databases', String(PER_FILE)])) - PER_FILE + 1
        );
      } finally {
        await link.close();
      }
    })()
  : undefined;
const databases = new Map<string, number>();

/** The store every CLI a test starts uses: in the Redis pass, its config directory's database (unless the test names one). */
export function storeEnv(env: Record<string, string | undefined>): Record<string, string> {
  if (redisBlock === undefined || env.AGORAS_STORE !== undefined) return {};
  const dir = env.AGORAS_CONFIG_DIR ?? '';
  let db = databases.get(dir);
  if (db === undefined) {
    if (databases.size >= PER_FILE)
      throw new Error(`The Redis pass gives a test file at most ${PER_FILE} config directories.`);
    db = redisBlock + databases.size;
    databases.set(dir, db);
  }
  return { AGORAS_STORE: `${redisBase}/${db}`, AGORAS_STORE_INSECURE: '1' };
}

/** True in the Redis pass: the CLIs keep their state in Redis, not in the config directory's files. */
export const redisPass = redisBlock !== undefined;

/** The store the CLIs of `env` use, opened in the test (to look at or arrange what they keep). */
export async function openTestStore(env: Record<string, string | undefined>): Promise<StateStore> {
  const chosen = { ...storeEnv(env), ...env };
  return openStore({
    url: chosen.AGORAS_STORE,
    insecure: chosen.AGORAS_STORE_INSECURE === '1',
    key: chosen.AGORAS_STORE_KEY,
    configDir: chosen.AGORAS_CONFIG_DIR,
    namespace: 'config',
  });
}

/** Runs the built CLI as a child process with a clean environment plus `env`. */
export function runCli(
  args: string[],
  env: Record<string, string | undefined>,
  options: { onStderr?(text: string): void; stdin?: string } = {},
): Promise<CliResult> {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does).');
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, AGORAS_NO_BROWSER: '1', ...storeEnv(env), ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    options.onStderr?.(stderr);
  });
  child.stdin.end(options.stdin ?? '');
  return new Promise((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Plays the browser: opens the printed login URL on the auto-consenting sandbox and follows its redirect. */
export async function followLoginUrl(url: string): Promise<number> {
  const consent = await request(url);
  await consent.body.dump();
  const location = consent.headers.location;
  if (typeof location !== 'string')
    throw new Error(`authorize page answered ${consent.statusCode} without a redirect`);
  const callback = await request(location);
  await callback.body.dump();
  return callback.statusCode;
}

/** Runs `authorize` with --no-browser and completes the login from the URL it prints on stderr. */
export async function authorizeViaCli(
  env: Record<string, string>,
  username: string,
  creds: { clientKey: string; clientSecret: string },
): Promise<CliResult> {
  let followed = false;
  return runCli(
    [
      'publish',
      '--network',
      'tiktok',
      '--action',
      'authorize',
      '--tiktok-username',
      username,
      '--tiktok-client-key',
      creds.clientKey,
      '--tiktok-client-secret',
      creds.clientSecret,
      '--tiktok-redirect-uri',
      'http://127.0.0.1:0/callback/',
      '--no-browser',
    ],
    env,
    {
      onStderr(text) {
        const match = /(http:\/\/127\.0\.0\.1:\d+\/v2\/auth\/authorize\/\?\S+)/.exec(text);
        if (match && !followed) {
          followed = true;
          void followLoginUrl(match[1]!);
        }
      },
    },
  );
}
