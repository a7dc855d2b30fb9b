import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../source/sandbox/index.js';
import { authorizeViaCli, runCli, tempConfigDir } from './cli.js';

let sandbox: Sandbox;
let configDir: string;
let env: Record<string, string>;
const configFile = () => join(configDir, 'config.json');
const edit = (fn: (data: { accounts: Record<string, Record<string, unknown>> }) => void) => {
  const data = JSON.parse(readFileSync(configFile(), 'utf8'));
  fn(data);
  writeFileSync(configFile(), JSON.stringify(data));
};

beforeAll(async () => {
  sandbox = await startSandbox({ autoConsent: true, statusDelayMs: 20 });
  configDir = tempConfigDir();
  env = {
    TIKTOK_API_BASE_URL: sandbox.urls.tiktokApiBaseUrl,
    TIKTOK_AUTH_URL: sandbox.urls.tiktokAuthUrl,
    AGORAS_CONFIG_DIR: configDir,
    AGORAS_RETRY_BASE_MS: '10',
  };
  for (const name of ['ana', 'bob', 'cleo']) {
    const login = await authorizeViaCli(env, name, sandbox);
    expect(login.code).toBe(0);
    logins.push(login.stderr);
  }
});
const logins: string[] = [];

afterAll(async () => {
  await sandbox?.close();
});

describe('logging in where no browser can be opened', () => {
  it('says so, prints the URL and the ssh -L tunnel for the port the login waits on', () => {
    const stderr = logins[0]!;
    expect(stderr).toMatch(
      /Open this URL in a browser to authorize agoras:\nhttp:\/\/127\.0\.0\.1:\d+\/v2\/auth/,
    );
    expect(stderr).toContain(
      'No browser can be opened here (no display, --no-browser or AGORAS_NO_BROWSER=1).',
    );
    const port = /redirect_uri=http%3A%2F%2F127\.0\.0\.1%3A(\d+)/.exec(stderr)?.[1];
    expect(port).toBeDefined();
    expect(stderr).toContain(`ssh -L ${port}:127.0.0.1:${port} `);
    expect(stderr).not.toContain('Your browser was opened');
  });
});

describe('agoras accounts', () => {
  it('lists ready accounts with ✓, nickname, default marker and scopes, tokens masked; exit 0', async () => {
    const r = await runCli(['accounts'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/✓ ana — Sandbox Creator \(@sandbox\.creator\)\s+\[default\]/);
    expect(r.stdout).toMatch(/✓ bob — Sandbox Creator/);
    expect(r.stdout).toContain('Scopes: user.info.basic, video.publish, video.upload');
    expect(r.stdout).toContain(`Credentials: config file ${configFile()}`);
    const saved = JSON.parse(readFileSync(configFile(), 'utf8')).accounts.ana;
    expect(r.stdout).not.toContain(saved.accessToken);
    expect(r.stdout).toMatch(/Access token: act\.••••/);
  });

  it('refreshes an expiring token while checking it, and shows --json for scripts', async () => {
    edit((d) => {
      d.accounts.bob!.accessExpiresAt = Date.now() + 1000;
    });
    const before = JSON.parse(readFileSync(configFile(), 'utf8')).accounts.bob.refreshToken;
    const r = await runCli(['accounts', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    const bob = json.accounts.find((a: { username: string }) => a.username === 'bob');
    expect(bob).toMatchObject({ ok: true, nickname: 'Sandbox Creator', isDefault: false });
    expect(Date.parse(bob.accessExpiresAt)).toBeGreaterThan(Date.now() + 3600_000);
    expect(JSON.parse(readFileSync(configFile(), 'utf8')).accounts.bob.refreshToken).not.toBe(before);
    expect(r.stdout).not.toContain(before);
  });

  it('marks a broken account ✗ with the problem and the exact command to fix it; exit 1', async () => {
    const token = JSON.parse(readFileSync(configFile(), 'utf8')).accounts.cleo.refreshToken;
    sandbox.state.refreshTokens.get(token)!.revoked = true;
    edit((d) => {
      d.accounts.cleo!.accessExpiresAt = Date.now() - 1000;
    });
    const r = await runCli(['accounts'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ cleo/);
    expect(r.stdout).toContain(
      'To fix: agoras publish --network tiktok --action authorize --tiktok-username cleo',
    );
    expect(r.stdout).toMatch(/✓ ana/);
  });

  it('sets the default and removes an account after revoking it at TikTok', async () => {
    expect((await runCli(['accounts', 'default', 'bob'], env)).code).toBe(0);
    const bobToken = JSON.parse(readFileSync(configFile(), 'utf8')).accounts.bob.accessToken;
    const refused = await runCli(['accounts', 'remove', 'bob'], env);
    expect(refused.code).toBe(2); // no terminal to ask in: --yes is needed
    expect(refused.stderr).toContain('agoras accounts remove bob --yes');
    const removed = await runCli(['accounts', 'remove', 'bob', '--yes'], env);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stderr).toContain("Revoked 'bob' at TikTok and removed it.");
    expect(sandbox.state.accessTokens.get(bobToken)?.revoked).toBe(true);
    const data = JSON.parse(readFileSync(configFile(), 'utf8'));
    expect(Object.keys(data.accounts).sort()).toEqual(['ana', 'cleo']);
    const unknown = await runCli(['accounts', 'default', 'zed'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("No saved account 'zed'");
  });
});
