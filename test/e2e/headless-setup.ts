import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { type Sandbox, startSandbox } from '../../source/sandbox/index.js';
import type { AccountRecord } from '../../source/store/state-store.js';
import { fixture, makeVideoBytes, serveFiles } from '../sandbox/helpers.js';
import { authorizeViaCli, type CliResult, openTestStore, runCli, tempConfigDir } from './cli.js';

const MiB = 1024 * 1024;

/** The seed's publish command for account 'ana'. */
export const base = ['publish', '--network', 'tiktok', '--tiktok-username', 'ana'];
export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A sandbox, a private config with 'ana' authorized through the CLI, and local media: one per test file. */
export interface Headless {
  sandbox: Sandbox;
  configDir: string;
  env: Record<string, string>;
  files: Awaited<ReturnType<typeof serveFiles>>;
  /** Everything the CLI printed in this file, for the secrets check. */
  outputs: string[];
  bigVideo: Buffer;
  bigVideoPath: string;
  cli(args: string[], extraEnv?: Record<string, string>): Promise<CliResult>;
  /** 'ana' as the store the CLIs use keeps it (the file, or Redis in the Redis pass). */
  savedAccount(): Promise<AccountRecord>;
  /** Changes 'ana' in that store (to stage a token about to expire). */
  changeAccount(change: (account: AccountRecord) => AccountRecord): Promise<void>;
}

/** Registers the file's beforeAll/afterAll and returns the context they fill. */
export function setupHeadless(): Headless {
  const h = {
    outputs: [] as string[],
    bigVideo: makeVideoBytes(24 * MiB + 12345), // two 10 MiB-planned chunks, the last 14 MiB
    async cli(args: string[], extraEnv: Record<string, string> = {}) {
      const result = await runCli(args, { ...h.env, ...extraEnv });
      h.outputs.push(result.stdout, result.stderr);
      return result;
    },
    async savedAccount() {
      const store = await openTestStore(h.env);
      try {
        return (await store.account('ana'))!;
      } finally {
        await store.close();
      }
    },
    async changeAccount(change: (account: AccountRecord) => AccountRecord) {
      const store = await openTestStore(h.env);
      try {
        await store.saveAccount(change((await store.account('ana'))!));
      } finally {
        await store.close();
      }
    },
  } as Headless;
  beforeAll(async () => {
    h.sandbox = await startSandbox({ autoConsent: true, statusDelayMs: 50 });
    h.configDir = tempConfigDir();
    h.env = {
      TIKTOK_API_BASE_URL: h.sandbox.urls.tiktokApiBaseUrl,
      TIKTOK_AUTH_URL: h.sandbox.urls.tiktokAuthUrl,
      AGORAS_CONFIG_DIR: h.configDir,
      AGORAS_POLL_INTERVAL_MS: '50',
      AGORAS_RETRY_BASE_MS: '20',
    };
    h.bigVideoPath = join(h.configDir, '..', `agoras-big-${process.pid}.mp4`);
    writeFileSync(h.bigVideoPath, h.bigVideo);
    h.files = await serveFiles({
      '/big.mp4': h.bigVideo,
      '/a.jpg': fixture('sample.jpg'),
      '/b.webp': fixture('sample.webp'),
      '/c.webp': fixture('sample.webp'),
      '/d.jpg': fixture('sample.jpg'),
      '/page.html': { body: '<!doctype html><html><body>hi</body></html>', contentType: 'text/html' },
    });
    const auth = await authorizeViaCli(h.env, 'ana', h.sandbox);
    h.outputs.push(auth.stdout, auth.stderr);
    expect(auth.code, auth.stderr).toBe(0);
  });
  afterAll(async () => {
    await h.files?.close();
    await h.sandbox?.close();
  });
  return h;
}
