import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';

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

/** Runs the built CLI as a child process with a clean environment plus `env`. */
export function runCli(
  args: string[],
  env: Record<string, string | undefined>,
  options: { onStderr?(text: string): void; stdin?: string } = {},
): Promise<CliResult> {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does).');
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, AGORAS_NO_BROWSER: '1', ...env },
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
