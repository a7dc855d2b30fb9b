import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { inject } from 'vitest';
import { connectRedis } from '../../source/store/redis/connect.js';

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

/**
 * The Redis pass gives each test file a database of its own, numbered by the server (INCR): the
 * file's CLIs share it as they share the file's config directory, and no two files ever meet.
 * (This module is loaded afresh for each test file.)
 */
const redisDb = redisBase
  ? await (async () => {
      const link = await connectRedis(`${redisBase}/0`);
      try {
        return Number(await link.command(['INCR', 'agoras-test:databases']));
      } finally {
        await link.close();
      }
    })()
  : undefined;

/** The store every CLI a test starts uses: in the Redis pass, the file's database (unless the test names one). */
export function storeEnv(env: Record<string, string | undefined>): Record<string, string> {
  if (redisDb === undefined || env.AGORAS_STORE !== undefined) return {};
  return { AGORAS_STORE: `${redisBase}/${redisDb}`, AGORAS_STORE_INSECURE: '1' };
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
