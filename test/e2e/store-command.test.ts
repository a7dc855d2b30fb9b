// `agoras store status|migrate` through the built CLI, on the file store and a real redis-server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../source/sandbox/index.js';
import { type RedisServer, SKIP_REASON, startRedisServer, titled } from '../store/redis/redis-server.js';
import { authorizeViaCli, openTestStore, runCli, tempConfigDir } from './cli.js';
import { expectOneLine } from './sources-helpers.js';

let sandbox: Sandbox;
let redis: RedisServer | undefined;
let env: Record<string, string>;
const redisUrl = (db: number) => `${redis!.url.replace(/\/0$/, '')}/${db}`;

beforeAll(async () => {
  sandbox = await startSandbox({ autoConsent: true, statusDelayMs: 20 });
  if (!SKIP_REASON) redis = await startRedisServer({ databases: 32 });
  // This file's own store is the file (even in the Redis pass): it migrates from it.
  env = {
    TIKTOK_API_BASE_URL: sandbox.urls.tiktokApiBaseUrl,
    TIKTOK_AUTH_URL: sandbox.urls.tiktokAuthUrl,
    AGORAS_CONFIG_DIR: tempConfigDir(),
    AGORAS_STORE: 'file:',
  };
  const login = await authorizeViaCli(env, 'ana', sandbox);
  expect(login.code, login.stderr).toBe(0);
});

afterAll(async () => {
  await redis?.stop();
  await sandbox?.close();
});

describe('agoras store status', () => {
  it('the file store: where it is, that it is readable, what it holds; --json for scripts', async () => {
    const r = await runCli(['store', 'status'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Store: +\/.*config\.json \(file, config\) — readable/);
    expect(r.stdout).toContain('1 account(s), 0 ledger entries, 0 post record(s)');
    const j = JSON.parse((await runCli(['store', 'status', '--json'], env)).stdout);
    expect(j).toMatchObject({ kind: 'file', healthy: true, counts: { accounts: 1, ledger: 0, records: 0 } });
  });

  it('a bad store URL: exit 2, one line, the password masked', async () => {
    const r = await runCli(['store', 'status', '--store', 'redis://u:hunter2@127.0.0.1:6379/db'], env);
    expectOneLine(
      r,
      2,
      /The store URL 'redis:\/\/u:••••@127\.0\.0\.1:6379\/db' has '\/db' where a database number belongs/,
    );
    expect(r.stderr).not.toContain('hunter2');
  });

  it('a Redis nobody answers on: exit 5, one line, nothing posted', async () => {
    const r = await runCli(
      ['publish', '--network', 'tiktok', '--action', 'video', '--tiktok-username', 'ana'],
      { ...env, AGORAS_STORE: 'redis://127.0.0.1:1/0', TIKTOK_VIDEO_URL: '/nonexistent.mp4' },
    );
    expectOneLine(r, 5, /Cannot reach the store redis:\/\/127\.0\.0\.1:1\/0/);
    expect(sandbox.state.publishes.size).toBe(0);
  });
});

describe(titled('agoras store migrate'), () => {
  it.skipIf(Boolean(SKIP_REASON))(
    'refuses a plain redis:// target without a key before copying anything (exit 2)',
    async () => {
      const r = await runCli(['store', 'migrate', '--to', redisUrl(1)], env);
      expectOneLine(r, 2, /Refusing to write tokens to a redis:\/\/ store in plain text/);
      expect(r.stderr).toContain('--store-insecure');
      const target = await openTestStore({ ...env, AGORAS_STORE: redisUrl(1), AGORAS_STORE_INSECURE: '1' });
      expect(await target.counts()).toEqual({ accounts: 0, ledger: 0, records: 0 });
      await target.close();
    },
  );

  it.skipIf(Boolean(SKIP_REASON))(
    'copies the file into a sealed Redis store that agoras accounts then reads; a second copy copies nothing',
    async () => {
      const key = Buffer.alloc(32, 7).toString('base64');
      const first = await runCli(['store', 'migrate', '--to', redisUrl(2)], {
        ...env,
        AGORAS_STORE_KEY: key,
      });
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toContain('accounts: 1 copied, 0 already there');
      const again = await runCli(['store', 'migrate', '--to', redisUrl(2)], {
        ...env,
        AGORAS_STORE_KEY: key,
      });
      expect(again.stdout).toContain('accounts: 0 copied, 1 already there');
      const onRedis = { ...env, AGORAS_STORE: redisUrl(2), AGORAS_STORE_KEY: key };
      const status = JSON.parse((await runCli(['store', 'status', '--json'], onRedis)).stdout);
      expect(status).toMatchObject({
        kind: 'redis',
        tokens: expect.stringMatching(/sealed/),
        counts: { accounts: 1 },
      });
      const accounts = await runCli(['accounts', '--json'], onRedis);
      expect(accounts.code, accounts.stderr).toBe(0);
      expect(JSON.parse(accounts.stdout).accounts[0]).toMatchObject({ username: 'ana', ok: true });
      // Without the key the sealed tokens cannot be opened: one line saying so.
      const keyless = await runCli(['accounts'], {
        ...onRedis,
        AGORAS_STORE_KEY: '',
        AGORAS_STORE_INSECURE: '1',
      });
      expectOneLine(keyless, 2, /sealed tokens and AGORAS_STORE_KEY is not set/);
    },
  );
});
