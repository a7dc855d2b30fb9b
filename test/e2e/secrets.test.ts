// The secrets audit: a full sandbox run of the built CLI with --debug, every byte it writes kept,
// then no client secret, token or private key may appear in it (masked forms are fine). Also the
// config's file modes, and the login callback's refusals (wrong state, a second code, a foreign Host).
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../source/sandbox/index.js';
import { fixture, serveFiles } from '../sandbox/helpers.js';
import { type CliResult, followLoginUrl, tempConfigDir } from './cli.js';
import { agorasLines, modeOf, rawGet, runCliBounded, stackLines } from './corpus-helpers.js';

let sandbox: Sandbox;
let configDir: string;
let env: Record<string, string>;
let files: Awaited<ReturnType<typeof serveFiles>>;
const runs: { label: string; result: CliResult }[] = [];

const SAMPLE = join(import.meta.dirname, '..', 'fixtures', 'sample.mp4');
const publish = (action: string, ...rest: string[]) => [
  ...['publish', '--network', 'tiktok', '--tiktok-username', 'ana', '--action', action, '--debug'],
  ...rest,
];
const video = () =>
  publish(
    'video',
    '--tiktok-video-url',
    SAMPLE,
    '--tiktok-title',
    'Audit',
    '--tiktok-privacy-status',
    'SELF_ONLY',
  );

/** The authorize command as a user types it, with --debug and --no-browser (the login URL goes to stderr). */
function authorizeArgs(username: string, clientSecret: string): string[] {
  return [
    ...['publish', '--network', 'tiktok', '--action', 'authorize', '--tiktok-username', username],
    ...['--tiktok-client-key', sandbox.clientKey, '--tiktok-client-secret', clientSecret],
    ...['--tiktok-redirect-uri', 'http://127.0.0.1:0/callback/', '--no-browser', '--debug'],
  ];
}

async function cli(label: string, args: string[], onLoginUrl?: (url: string) => void): Promise<CliResult> {
  const result = await runCliBounded(args, env, { onLoginUrl });
  runs.push({ label, result });
  return result;
}

function savedConfig() {
  return JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8'));
}

beforeAll(async () => {
  sandbox = await startSandbox({ autoConsent: true, statusDelayMs: 50 });
  files = await serveFiles({
    '/a.jpg': fixture('sample.jpg'),
    '/b.webp': fixture('sample.webp'),
    '/v.mp4': fixture('sample.mp4'),
  });
  // A config dir and file made earlier by hand, too open: agoras must tighten both.
  configDir = tempConfigDir();
  chmodSync(configDir, 0o755);
  writeFileSync(join(configDir, 'config.json'), '{"version":1,"accounts":{},"ledger":{}}\n', { mode: 0o644 });
  chmodSync(join(configDir, 'config.json'), 0o644);
  env = {
    TIKTOK_API_BASE_URL: sandbox.urls.tiktokApiBaseUrl,
    TIKTOK_AUTH_URL: sandbox.urls.tiktokAuthUrl,
    AGORAS_CONFIG_DIR: configDir,
    AGORAS_POLL_INTERVAL_MS: '50',
    AGORAS_RETRY_BASE_MS: '20',
    GOOGLE_SHEETS_ROOT_URL: sandbox.urls.googleSheetsRootUrl,
    GOOGLE_OAUTH_TOKEN_URL: sandbox.urls.googleOAuthTokenUrl,
  };
  const now = new Date();
  const date = `${now.getUTCDate()}-${now.getUTCMonth() + 1}-${now.getUTCFullYear()}`; // the child runs with TZ=UTC
  const flags = ['TRUE', 'TRUE', 'TRUE', 'FALSE', 'FALSE', 'FALSE'];
  sandbox.sheets.sheets.seed('audit', 'Schedule', [
    ['tiktok_video_url', 'tiktok_title', 'tiktok_privacy_status'],
    [files.url('/v.mp4'), 'Scheduled', 'SELF_ONLY', ...flags, date, String(now.getUTCHours()), 'draft'],
  ]);
});

afterAll(async () => {
  await files?.close();
  await sandbox?.close();
});

describe('a full --debug run never prints a secret', () => {
  it('authorizes, tightening a 0644 config in a 0755 dir to 0600 / 0700', async () => {
    const r = await cli('authorize', authorizeArgs('ana', sandbox.clientSecret));
    expect(r.code, r.stderr).toBe(0);
    expect(savedConfig().accounts.ana.clientSecret).toBe(sandbox.clientSecret);
    expect(modeOf(join(configDir, 'config.json')).toString(8)).toBe('600');
    expect(modeOf(configDir).toString(8)).toBe('700');
  });

  it('uploads a video and posts a photo slideshow', async () => {
    expect((await cli('video', video())).code).toBe(0);
    const images = [
      '--status-image-url-1',
      files.url('/a.jpg'),
      '--status-image-url-2',
      files.url('/b.webp'),
    ];
    const r = await cli(
      'photo',
      publish('post', '--tiktok-title', 'Pics', '--tiktok-privacy-status', 'SELF_ONLY', ...images),
    );
    expect(r.code, r.stderr).toBe(0);
  });

  it('refreshes after TikTok expired the access token', async () => {
    const before = savedConfig().accounts.ana.refreshToken;
    sandbox.faults.expireAccessTokens();
    const r = await cli('refresh', video());
    expect(r.code, r.stderr).toBe(0);
    expect(savedConfig().accounts.ana.refreshToken).not.toBe(before);
  });

  it('runs the schedule with the service account key, then fails on a wrong sheet with a --debug stack', async () => {
    const { clientEmail, privateKey } = sandbox.sheets.serviceAccount;
    const sheetFlags = (name: string) => [
      ...['--google-sheets-id', 'audit', '--google-sheets-name', name],
      ...['--google-sheets-client-email', clientEmail, '--google-sheets-private-key', privateKey],
    ];
    const ok = await cli('schedule', publish('schedule', ...sheetFlags('Schedule')));
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toMatch(/Marked row\(s\) 2 published/);
    const bad = await cli('schedule-bad-sheet', publish('schedule', ...sheetFlags('Nope')));
    expect(bad.code).toBe(2);
    expect(stackLines(bad.stderr).length).toBeGreaterThan(0);
  });

  it('reports a wrong client secret (exit 3) and a revoked login (exit 3, with its stack)', async () => {
    const wrong = await cli('wrong-secret', authorizeArgs('mallory', 'sbxcs_wrong-secret-0123456789'));
    expect(wrong.code).toBe(3);
    expect(agorasLines(wrong.stderr)).toHaveLength(1);
    sandbox.faults.expireAccessTokens();
    sandbox.faults.revokeRefreshTokens();
    const revoked = await cli('revoked', video());
    expect(revoked.code).toBe(3);
    expect(stackLines(revoked.stderr).length).toBeGreaterThan(0);
  });
});

describe('the login callback', () => {
  it('refuses a wrong state, a foreign Host header and a second code; the real code still logs in', async () => {
    const seen: Record<string, number | 'refused'> = {};
    let driving: Promise<void> | undefined;
    const result = await cli('callback', authorizeArgs('carol', sandbox.clientSecret), (url) => {
      driving = (async () => {
        const login = new URL(url);
        const callback = new URL(login.searchParams.get('redirect_uri')!);
        const state = login.searchParams.get('state')!;
        const at = (query: string) => `http://127.0.0.1:${callback.port}${callback.pathname}?${query}`;
        seen.wrongState = await rawGet(at('code=forged&state=not-the-state'));
        seen.foreignHost = await rawGet(at(`code=forged&state=${state}`), `evil.example:${callback.port}`);
        seen.realCode = await followLoginUrl(url);
        seen.secondCode = await rawGet(at(`code=second&state=${state}`));
      })();
    });
    await driving;
    expect(result.code, result.stderr).toBe(0);
    expect(seen).toMatchObject({ wrongState: 400, foreignHost: 400, realCode: 200 });
    expect([410, 'refused']).toContain(seen.secondCode);
    expect(savedConfig().accounts.carol.scopes).toContain('video.publish');
  });
});

describe('the audit', () => {
  it('printed no client secret, access or refresh token, Google token or private key line', () => {
    const output = runs.map((r) => `${r.result.stdout}\n${r.result.stderr}`).join('\n');
    const accounts = Object.values(savedConfig().accounts) as Record<string, string>[];
    const pemBody = sandbox.sheets.serviceAccount.privateKey
      .split('\n')
      .filter((line) => line && !line.startsWith('-----'));
    const secrets = new Set([
      sandbox.clientSecret,
      ...sandbox.state.accessTokens.keys(),
      ...sandbox.state.refreshTokens.keys(),
      ...accounts.flatMap((a) => [a.clientSecret, a.accessToken, a.refreshToken]),
      ...pemBody,
    ]);
    expect(runs.length).toBe(9);
    expect(sandbox.state.accessTokens.size).toBeGreaterThanOrEqual(2);
    expect(pemBody.length).toBeGreaterThan(20);
    const leaked = [...secrets].filter((secret) => secret && output.includes(secret));
    expect(leaked).toEqual([]);
    expect(output).not.toMatch(/ya29\.[\w-]{10,}/); // Google access tokens from the service account
    expect(output).not.toMatch(/BEGIN (RSA )?PRIVATE KEY/);
    expect(modeOf(join(configDir, 'config.json')).toString(8)).toBe('600');
    expect(modeOf(configDir).toString(8)).toBe('700');
  });
});
