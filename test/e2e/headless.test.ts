import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../source/sandbox/index.js';
import { fixture, makeVideoBytes, serveFiles } from '../sandbox/helpers.js';
import { authorizeViaCli, type CliResult, runCli, tempConfigDir } from './cli.js';

const MiB = 1024 * 1024;
let sandbox: Sandbox;
let configDir: string;
let env: Record<string, string>;
let files: Awaited<ReturnType<typeof serveFiles>>;
const outputs: string[] = [];
const bigVideo = makeVideoBytes(24 * MiB + 12345); // two 10 MiB-planned chunks, the last 14 MiB
let bigVideoPath: string;

const base = ['publish', '--network', 'tiktok', '--tiktok-username', 'ana'];
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function cli(args: string[], extraEnv: Record<string, string> = {}): Promise<CliResult> {
  const result = await runCli(args, { ...env, ...extraEnv });
  outputs.push(result.stdout, result.stderr);
  return result;
}

function savedAccount() {
  return JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')).accounts.ana;
}

beforeAll(async () => {
  sandbox = await startSandbox({ autoConsent: true, statusDelayMs: 50 });
  configDir = tempConfigDir();
  env = {
    TIKTOK_API_BASE_URL: sandbox.urls.tiktokApiBaseUrl,
    TIKTOK_AUTH_URL: sandbox.urls.tiktokAuthUrl,
    AGORAS_CONFIG_DIR: configDir,
    AGORAS_POLL_INTERVAL_MS: '50',
    AGORAS_RETRY_BASE_MS: '20',
  };
  bigVideoPath = join(configDir, '..', `agoras-big-${process.pid}.mp4`);
  writeFileSync(bigVideoPath, bigVideo);
  files = await serveFiles({
    '/big.mp4': bigVideo,
    '/a.jpg': fixture('sample.jpg'),
    '/b.png': fixture('sample.png'),
    '/c.webp': fixture('sample.webp'),
    '/d.jpg': fixture('sample.jpg'),
    '/page.html': { body: '<!doctype html><html><body>hi</body></html>', contentType: 'text/html' },
  });
  const auth = await authorizeViaCli(env, 'ana', sandbox);
  outputs.push(auth.stdout, auth.stderr);
  expect(auth.code, auth.stderr).toBe(0);
});

afterAll(async () => {
  await files?.close();
  await sandbox?.close();
});

describe('authorize', () => {
  it('saves the account with nickname, tokens and a 0600 file in a 0700 dir', () => {
    const account = savedAccount();
    expect(account.nickname).toBe('Sandbox Creator');
    expect(account.scopes).toEqual(expect.arrayContaining(['video.publish', 'video.upload']));
    expect(sandbox.state.accessTokens.get(account.accessToken)?.revoked).toBe(false);
    expect(statSync(join(configDir, 'config.json')).mode & 0o777).toBe(0o600);
    expect(statSync(configDir).mode & 0o777).toBe(0o700);
  });
});

describe('video', () => {
  it('uploads a 24 MiB local file in several chunks; TikTok receives the same bytes and flags', async () => {
    const r = await cli([
      ...base,
      '--action',
      'video',
      '--tiktok-video-url',
      bigVideoPath,
      '--tiktok-title',
      'Hello #agoras',
      '--tiktok-privacy-status',
      'MUTUAL_FOLLOW_FRIENDS',
      '--no-tiktok-allow-duet',
      '--tiktok-allow-stitch=false',
      '--brand-organic',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const { id } = JSON.parse(r.stdout.trim());
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const record = sandbox.state.publishes.get(id)!;
    expect(record.sha256).toBe(sha256(bigVideo));
    expect(record.status).toBe('PUBLISH_COMPLETE');
    expect(record.source_info).toMatchObject({
      source: 'FILE_UPLOAD',
      video_size: bigVideo.length,
      total_chunk_count: 2,
    });
    expect(record.post_info).toEqual({
      title: 'Hello #agoras',
      privacy_level: 'MUTUAL_FOLLOW_FRIENDS',
      disable_comment: false,
      disable_duet: true,
      disable_stitch: true,
      brand_content_toggle: false,
      brand_organic_toggle: true,
    });
    expect(r.stderr).toContain('Label: Promotional content');
    expect(r.stderr).toContain("By posting, you agree to TikTok's Music Usage Confirmation.");
  });

  it('uploads from a URL served locally, with the download overlapping the upload', async () => {
    const r = await cli([
      ...base,
      '--action',
      'video',
      '--tiktok-video-url',
      files.url('/big.mp4'),
      '--tiktok-title',
      'From a URL',
      '--tiktok-privacy-status',
      'SELF_ONLY',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const record = sandbox.state.publishes.get(JSON.parse(r.stdout).id)!;
    expect(record.sha256).toBe(sha256(bigVideo));
    expect(record.post_info).toMatchObject({
      privacy_level: 'SELF_ONLY',
      disable_duet: false,
      disable_comment: false,
    });
  });

  it('pulls from a URL with --tiktok-video-source pull', async () => {
    const r = await cli([
      ...base,
      '--action',
      'video',
      '--tiktok-video-url',
      files.url('/big.mp4'),
      '--tiktok-title',
      'Pulled',
      '--tiktok-privacy-status',
      'SELF_ONLY',
      '--tiktok-video-source',
      'pull',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const record = sandbox.state.publishes.get(JSON.parse(r.stdout).id)!;
    expect(record.source_info).toEqual({ source: 'PULL_FROM_URL', video_url: files.url('/big.mp4') });
    expect(record.sha256).toBe(sha256(bigVideo));
  });

  it('sends a draft to the inbox with --tiktok-post-mode inbox', async () => {
    const r = await cli([
      ...base,
      '--action',
      'video',
      '--tiktok-video-url',
      'test/fixtures/sample.mp4',
      '--tiktok-title',
      'Draft',
      '--tiktok-privacy-status',
      'SELF_ONLY',
      '--tiktok-post-mode',
      'inbox',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const record = sandbox.state.publishes.get(JSON.parse(r.stdout).id)!;
    expect(record.kind).toBe('inbox_video');
    expect(record.status).toBe('SEND_TO_USER_INBOX');
    expect(r.stderr).toContain('inbox');
  });
});

describe('post (photo slideshow)', () => {
  it('posts four images that TikTok pulls, with the photo flags', async () => {
    const r = await cli([
      ...base,
      '--action',
      'post',
      '--tiktok-title',
      'Four pictures',
      '--status-image-url-1',
      files.url('/a.jpg'),
      '--status-image-url-2',
      files.url('/b.png'),
      '--status-image-url-3',
      files.url('/c.webp'),
      '--status-image-url-4',
      files.url('/d.jpg'),
      '--tiktok-privacy-status',
      'PUBLIC_TO_EVERYONE',
      '--tiktok-auto-add-music',
      '--brand-content',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const record = sandbox.state.publishes.get(JSON.parse(r.stdout).id)!;
    expect(record.media_type).toBe('PHOTO');
    expect(record.images?.map((i) => i.format)).toEqual(['jpeg', 'png', 'webp', 'jpeg']);
    expect(record.images?.[0]?.sha256).toBe(sha256(fixture('sample.jpg')));
    expect(record.post_info).toEqual({
      title: 'Four pictures',
      privacy_level: 'PUBLIC_TO_EVERYONE',
      disable_comment: false,
      auto_add_music: true,
      brand_content_toggle: true,
      brand_organic_toggle: false,
    });
    expect(r.stderr).toContain('Label: Paid partnership');
    expect(r.stderr).toContain("TikTok's Branded Content Policy and Music Usage Confirmation");
  });
});

describe('validation before anything is sent', () => {
  const video = (extra: string[]) => [...base, '--action', 'video', '--tiktok-title', 'T', ...extra];
  const cases: [string, string[], RegExp][] = [
    [
      'a privacy level the creator does not offer',
      video([
        '--tiktok-video-url',
        'test/fixtures/sample.mp4',
        '--tiktok-privacy-status',
        'FOLLOWER_OF_CREATOR',
      ]),
      /cannot post with privacy FOLLOWER_OF_CREATOR; allowed: PUBLIC_TO_EVERYONE/,
    ],
    [
      'an unknown privacy value',
      video(['--tiktok-video-url', 'test/fixtures/sample.mp4', '--tiktok-privacy-status', 'FRIENDS']),
      /'FRIENDS' is not a TikTok privacy level/,
    ],
    [
      'branded content with SELF_ONLY',
      video([
        '--tiktok-video-url',
        'test/fixtures/sample.mp4',
        '--tiktok-privacy-status',
        'SELF_ONLY',
        '--brand-content',
      ]),
      /Branded content visibility cannot be set to private/,
    ],
    [
      'a title over 2200',
      [
        ...base,
        '--action',
        'video',
        '--tiktok-title',
        'x'.repeat(2201),
        '--tiktok-video-url',
        'test/fixtures/sample.mp4',
        '--tiktok-privacy-status',
        'SELF_ONLY',
      ],
      /2201 characters; TikTok allows 2200/,
    ],
    [
      'a PNG renamed .mp4',
      video(['--tiktok-video-url', 'test/fixtures/sample.png', '--tiktok-privacy-status', 'SELF_ONLY']),
      /PNG image, not an MP4, MOV or WebM/,
    ],
    [
      'an HTML page instead of a video',
      video(['--tiktok-video-url', 'HTMLURL', '--tiktok-privacy-status', 'SELF_ONLY']),
      /HTML page, not an MP4/,
    ],
    [
      'a missing title in headless',
      [
        ...base,
        '--action',
        'video',
        '--headless',
        '--tiktok-video-url',
        'test/fixtures/sample.mp4',
        '--tiktok-privacy-status',
        'SELF_ONLY',
      ],
      /Missing --tiktok-title \(or TIKTOK_TITLE\)/,
    ],
    [
      'duet on a photo post',
      [
        ...base,
        '--action',
        'post',
        '--tiktok-title',
        'T',
        '--status-image-url-1',
        'IMGURL',
        '--tiktok-privacy-status',
        'SELF_ONLY',
        '--tiktok-allow-duet',
      ],
      /does not apply to a photo post/,
    ],
    [
      'a photo title over 90',
      [
        ...base,
        '--action',
        'post',
        '--tiktok-title',
        'y'.repeat(91),
        '--status-image-url-1',
        'IMGURL',
        '--tiktok-privacy-status',
        'SELF_ONLY',
      ],
      /91 characters; TikTok allows 90/,
    ],
  ];
  it.each(cases)('refuses %s with one line and exit 2, posting nothing', async (_name, args, message) => {
    const before = sandbox.state.publishes.size;
    const r = await cli(
      args.map((a) => (a === 'HTMLURL' ? files.url('/page.html') : a === 'IMGURL' ? files.url('/a.jpg') : a)),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(
      r.stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('agoras:')),
    ).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
    expect(sandbox.state.publishes.size).toBe(before);
  });

  it('answers like/share/delete with one line and exit 2', async () => {
    for (const action of ['like', 'share', 'delete']) {
      const r = await cli([...base, '--action', action]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`does not support the '${action}' action`);
    }
  });

  it('reads flags from the environment, the flag winning', async () => {
    const r = await cli([...base, '--action', 'video', '--tiktok-title', 'Flag wins'], {
      TIKTOK_VIDEO_URL: 'test/fixtures/sample.mp4',
      TIKTOK_TITLE: 'Env title',
      TIKTOK_PRIVACY_STATUS: 'SELF_ONLY',
      TIKTOK_ALLOW_COMMENTS: 'false',
    });
    expect(r.code, r.stderr).toBe(0);
    const record = sandbox.state.publishes.get(JSON.parse(r.stdout).id)!;
    expect(record.post_info).toMatchObject({
      title: 'Flag wins',
      privacy_level: 'SELF_ONLY',
      disable_comment: true,
    });
  });
});

describe('sessions', () => {
  const post = () =>
    cli([
      ...base,
      '--action',
      'video',
      '--tiktok-video-url',
      'test/fixtures/sample.mp4',
      '--tiktok-title',
      'S',
      '--tiktok-privacy-status',
      'SELF_ONLY',
    ]);

  it('refreshes once when TikTok says the access token is invalid, and persists the rotated refresh token', async () => {
    const before = savedAccount();
    sandbox.faults.expireAccessTokens();
    const r = await post();
    expect(r.code, r.stderr).toBe(0);
    const after = savedAccount();
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(sandbox.state.refreshTokens.get(before.refreshToken)?.revoked).toBe(true);
    expect(sandbox.state.refreshTokens.get(after.refreshToken)?.revoked).toBe(false);
  });

  it('refreshes ahead of time when the saved access token is about to expire', async () => {
    const file = join(configDir, 'config.json');
    const data = JSON.parse(readFileSync(file, 'utf8'));
    const old = data.accounts.ana.accessToken;
    data.accounts.ana.accessExpiresAt = Date.now() + 60_000;
    writeFileSync(file, JSON.stringify(data));
    const r = await post();
    expect(r.code, r.stderr).toBe(0);
    expect(savedAccount().accessToken).not.toBe(old);
  });

  it('ends with exit 3 and the authorize command when the refresh token is revoked', async () => {
    sandbox.faults.expireAccessTokens();
    sandbox.faults.revokeRefreshTokens();
    const r = await post();
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('agoras publish --network tiktok --action authorize --tiktok-username ana');
    // authorize again for any later test
    const auth = await authorizeViaCli(env, 'ana', sandbox);
    expect(auth.code, auth.stderr).toBe(0);
  });
});

describe('secrets', () => {
  it('never prints the client secret or any token', () => {
    const account = savedAccount();
    const all = outputs.join('\n');
    const tokens = [
      sandbox.clientSecret,
      account.accessToken,
      account.refreshToken,
      ...sandbox.state.refreshTokens.keys(),
      ...sandbox.state.accessTokens.keys(),
    ];
    for (const secret of tokens) expect(all).not.toContain(secret);
  });
});
