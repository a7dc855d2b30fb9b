// Photos from local files: TikTok pulls photos only from a URL on a verified domain, so agoras puts
// them on the person's media host (a served dir, or a command — `cp` stands in for rclone here) under
// content-addressed names, checks each URL with a HEAD before the init, and the sandbox (verifying
// only a loopback URL prefix) pulls them. Without a host, a local photo is refused saying how.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../source/sandbox/index.js';
import { authorizeViaCli, runCli, tempConfigDir } from './cli.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const PNG = join(FIXTURES, 'media', 'png-360x640.png');
const JPG = join(FIXTURES, 'sample.jpg');
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const TYPES: Record<string, string> = { '.jpg': 'image/jpeg', '.webp': 'image/webp' };

let sandbox: Sandbox;
let server: Server;
let origin: string;
let env: Record<string, string>;
const served = { dir: '', cmdDir: '' };
const heads: string[] = [];

beforeAll(async () => {
  served.dir = mkdtempSync(join(tmpdir(), 'agoras-www-'));
  served.cmdDir = mkdtempSync(join(tmpdir(), 'agoras-www2-'));
  // The person's web server: /tiktok/ serves the host dir, /bucket/ what the command copied.
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const [, root, name] = /^\/(tiktok|bucket)\/([0-9a-f]+\.\w+)$/.exec(path) ?? [];
    const file = root && join(root === 'tiktok' ? served.dir : served.cmdDir, name!);
    if (req.method === 'HEAD') heads.push(path);
    if (!file || !existsSync(file)) return void res.writeHead(404).end();
    const body = readFileSync(file);
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': body.length,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sandbox = await startSandbox({
    autoConsent: true,
    statusDelayMs: 50,
    verifiedPrefixes: [`${origin}/tiktok/`, `${origin}/bucket/`],
  });
  env = {
    TIKTOK_API_BASE_URL: sandbox.urls.tiktokApiBaseUrl,
    TIKTOK_AUTH_URL: sandbox.urls.tiktokAuthUrl,
    AGORAS_CONFIG_DIR: tempConfigDir(),
    AGORAS_CACHE_DIR: mkdtempSync(join(tmpdir(), 'agoras-cache-')),
    AGORAS_POLL_INTERVAL_MS: '50',
    AGORAS_RETRY_BASE_MS: '20',
  };
  const auth = await authorizeViaCli(env, 'ana', sandbox);
  expect(auth.code, auth.stderr).toBe(0);
});
afterAll(async () => {
  await sandbox?.close();
  await new Promise((r) => server?.close(r));
});

const post = (...more: string[]) =>
  runCli(
    [
      'publish',
      '--network',
      'tiktok',
      '--tiktok-username',
      'ana',
      '--action',
      'post',
      '--tiktok-title',
      'Local photos',
      '--tiktok-privacy-status',
      'SELF_ONLY',
      '--headless',
      ...more,
    ],
    env,
  );

describe('local photos', () => {
  it('without a media host: refused in one line saying why and how; nothing posted', async () => {
    const before = sandbox.state.publishes.size;
    const r = await post('--status-image-url-1', JPG);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /sample\.jpg is a local file, and TikTok takes photos only from a URL on a domain verified/,
    );
    expect(r.stderr).toMatch(/--media-host-dir DIR \(or --media-host-cmd\) and --media-host-url URL/);
    expect(sandbox.state.publishes.size).toBe(before);
  });

  it('through a host dir: a PNG converted, both hosted by content, HEAD-checked, pulled, then removed', async () => {
    const r = await post(
      '--status-image-url-1',
      PNG,
      '--status-image-url-2',
      JPG,
      '--fix-media',
      '--media-host-dir',
      served.dir,
      '--media-host-url',
      `${origin}/tiktok/`,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Converting .*png-360x640\.png: PNG → JPEG/);
    const record = sandbox.state.publishes.get(JSON.parse(r.stdout).id)!;
    expect(record.status).toBe('PUBLISH_COMPLETE');
    const urls = record.images!.map((i) => i.url);
    for (const url of urls) expect(url).toMatch(new RegExp(`^${origin}/tiktok/[0-9a-f]{32}\\.jpg$`));
    // The JPEG went as it is: its name is its own hash, and TikTok got its bytes.
    const jpegName = `${sha(readFileSync(JPG)).slice(0, 32)}.jpg`;
    expect(urls[1]).toBe(`${origin}/tiktok/${jpegName}`);
    expect(record.images![1]!.sha256).toBe(sha(readFileSync(JPG)));
    expect(heads).toEqual(expect.arrayContaining(urls.map((u) => new URL(u).pathname)));
    expect(readdirSync(served.dir)).toEqual([]); // removed once TikTok had them
    const saved = join(env.AGORAS_CONFIG_DIR!, 'media-host.json');
    expect(statSync(saved).mode & 0o777).toBe(0o600);
  });

  it('the saved host is used without the flags; --media-host-keep keeps the copies', async () => {
    const r = await post('--status-image-url-1', PNG, '--fix-media', '--media-host-keep');
    expect(r.code, r.stderr).toBe(0);
    const [kept] = readdirSync(served.dir);
    expect(kept).toMatch(/^[0-9a-f]{32}\.jpg$/);
    // The converted copy is private in the cache (0600); the web server must be able to read this one.
    expect(statSync(join(served.dir, kept!)).mode & 0o777).toBe(0o644);
  });

  it('through a host command (cp stands in for rclone): only agoras-made names reach it', async () => {
    const r = await post(
      '--status-image-url-1',
      JPG,
      '--media-host-cmd',
      `cp {file} ${served.cmdDir}/{name}`,
      '--media-host-url',
      `${origin}/bucket`,
    );
    expect(r.code, r.stderr).toBe(0);
    const record = sandbox.state.publishes.get(JSON.parse(r.stdout).id)!;
    expect(record.status).toBe('PUBLISH_COMPLETE');
    expect(record.images![0]!.url).toMatch(new RegExp(`^${origin}/bucket/[0-9a-f]{32}\\.jpg$`));
  });

  it('a host URL that 404s is caught by the HEAD before anything is posted', async () => {
    const before = sandbox.state.publishes.size;
    const r = await post(
      '--status-image-url-1',
      JPG,
      '--media-host-dir',
      served.dir,
      '--media-host-url',
      `${origin}/elsewhere/`,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /The media host does not serve [0-9a-f]{32}\.jpg: HEAD .*\/elsewhere\/.* answered 404/,
    );
    expect(sandbox.state.publishes.size).toBe(before);
  });
});
