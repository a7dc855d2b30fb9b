// The bad-input corpus: every row runs the BUILT CLI against the sandbox and must fail the way a
// cron user can act on: ONE `agoras:` line saying what is wrong, no stack, the documented exit code,
// nothing posted, and the config file byte-for-byte unchanged (config rows assert their own outcome).
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../source/sandbox/index.js';
import { fixture, serveFiles } from '../sandbox/helpers.js';
import { authorizeViaCli, tempConfigDir } from './cli.js';
import { agorasLines, bytesOf, modeOf, runCliBounded, serveHostile, stackLines } from './corpus-helpers.js';

interface Ctx {
  main: Sandbox;
  short: Sandbox;
  mainDir: string;
  shortDir: string;
  tmp: string;
  env(sandbox: Sandbox, dir: string): Record<string, string>;
  files: Awaited<ReturnType<typeof serveFiles>>;
  hostile: Awaited<ReturnType<typeof serveHostile>>;
}

interface Row {
  area: 'flags' | 'media' | 'credentials' | 'feeds' | 'sheets' | 'config';
  name: string;
  code: number;
  /** What the one `agoras:` line must say (for exit 0: what stderr must say, with no `agoras:` line). */
  says: RegExp;
  /** FILES/, HOSTILE/, TMP/ and FIXTURE/ prefixes are replaced by the real locations. */
  args: string[];
  env?: Record<string, string>;
  /** 'short': the sandbox whose creator may post 1 s; 'scratch': a fresh config dir made by `prepare`. */
  where?: 'main' | 'short' | 'scratch';
  prepare?(dir: string, c: Ctx): void;
  setup?(c: Ctx): void;
  teardown?(c: Ctx): Promise<unknown>;
  /** Extra stderr checks beyond the one line. */
  also?: RegExp[];
  /** Replaces the "config.json unchanged" check, for rows whose outcome IS a change. */
  config?(dir: string, before: Buffer | undefined, c: Ctx): void;
}

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const pub = (action: string, ...rest: string[]) => [
  ...['publish', '--network', 'tiktok', '--tiktok-username', 'ana', '--action', action],
  ...rest,
];
const SELF = ['--tiktok-privacy-status', 'SELF_ONLY'];
const video = (...rest: string[]) =>
  pub('video', '--tiktok-title', 'T', ...SELF, '--tiktok-video-url', 'FIXTURE/sample.mp4', ...rest);
const photo = (...rest: string[]) =>
  pub('post', '--tiktok-title', 'T', ...SELF, '--status-image-url-1', 'FILES/a.jpg', ...rest);
const feed = (url: string, ...rest: string[]) => pub('last-from-feed', '--feed-url', url, ...SELF, ...rest);
const sheet = (id: string, name: string, ...rest: string[]) =>
  pub('schedule', '--google-sheets-id', id, '--google-sheets-name', name, ...rest);
const authorizeHint = /agoras publish --network tiktok --action authorize --tiktok-username ana/;
const reauthorize = (c: Ctx) => authorizeViaCli(c.env(c.main, c.mainDir), 'ana', c.main);

// biome-ignore format: one row per line reads as a table
const ROWS: Row[] = [
  { area: 'flags', name: 'unknown action', code: 2, says: /Unknown action 'tweet'/, args: pub('tweet') },
  ...['like', 'share', 'delete'].map((action) => ({
    area: 'flags' as const,
    name: `unsupported action ${action}`,
    code: 2,
    says: new RegExp(`does not support the '${action}' action`),
    args: pub(action),
  })),
  { area: 'flags', name: 'missing --network', code: 2, says: /Missing --network/, args: ['publish', ...video().slice(3)] },
  { area: 'flags', name: '--network twitter', code: 2, says: /TikTok only, not 'twitter'/, args: video('--network', 'twitter') },
  { area: 'flags', name: 'bad privacy value', code: 2, says: /'FRIENDS' is not a TikTok privacy level/, args: video('--tiktok-privacy-status', 'FRIENDS') },
  { area: 'flags', name: 'privacy the creator does not offer', code: 2, says: /cannot post with privacy FOLLOWER_OF_CREATOR; allowed: PUBLIC_TO_EVERYONE/, args: video('--tiktok-privacy-status', 'FOLLOWER_OF_CREATOR') },
  { area: 'flags', name: 'a 5th image flag', code: 2, says: /Unknown option --status-image-url-5/, args: photo('--status-image-url-5', 'FILES/a.jpg') },
  { area: 'flags', name: 'video title of 2201', code: 2, says: /2201 characters; TikTok allows 2200/, args: video('--tiktok-title', 'v'.repeat(2201)) },
  { area: 'flags', name: 'photo title of 91', code: 2, says: /91 characters; TikTok allows 90/, args: photo('--tiktok-title', 'p'.repeat(91)) },
  { area: 'flags', name: 'description of 4001', code: 2, says: /description is 4001 characters; TikTok allows 4000/, args: photo('--tiktok-description', 'd'.repeat(4001)) },
  { area: 'flags', name: 'brand content + SELF_ONLY', code: 2, says: /Branded content visibility cannot be set to private/, args: video('--brand-content') },
  { area: 'flags', name: 'duet on a photo post', code: 2, says: /--tiktok-allow-duet does not apply to --action post\./, args: photo('--tiktok-allow-duet') },
  { area: 'flags', name: '--tiktok-allow-comments=maybe', code: 2, says: /--tiktok-allow-comments must be true or false, not 'maybe'/, args: video('--tiktok-allow-comments=maybe') },
  { area: 'flags', name: 'a bad boolean in the env twin', code: 2, says: /TIKTOK_ALLOW_DUET \(for --tiktok-allow-duet\) must be true or false, not 'perhaps'/, args: video(), env: { TIKTOK_ALLOW_DUET: 'perhaps' } },
  { area: 'flags', name: '--max-count abc', code: 2, says: /--max-count must be a non-negative number, not 'abc'/, args: feed('FILES/empty.xml', '--max-count', 'abc') },
  { area: 'flags', name: 'unknown flag', code: 2, says: /Unknown option --tiktok-colour/, args: video('--tiktok-colour', 'red') },
  { area: 'flags', name: 'a flag without its value', code: 2, says: /--tiktok-title needs a value/, args: [...video(), '--tiktok-title'] },
  { area: 'flags', name: 'headless without a title', code: 2, says: /Missing --tiktok-title \(or TIKTOK_TITLE\)/, args: pub('video', '--headless', ...SELF, '--tiktok-video-url', 'FIXTURE/sample.mp4') },
  { area: 'flags', name: 'headless without a privacy', code: 2, says: /Missing --tiktok-privacy-status \(or TIKTOK_PRIVACY_STATUS\)/, args: pub('video', '--headless', '--tiktok-title', 'T', '--tiktok-video-url', 'FIXTURE/sample.mp4') },
  { area: 'flags', name: 'headless without a video url', code: 2, says: /Missing --tiktok-video-url \(or TIKTOK_VIDEO_URL\)/, args: pub('video', '--headless', '--tiktok-title', 'T', ...SELF) },
  { area: 'flags', name: 'headless without an image', code: 2, says: /Missing --status-image-url-1 \(or STATUS_IMAGE_URL_1\)/, args: pub('post', '--headless', '--tiktok-title', 'T', ...SELF) },
  { area: 'flags', name: 'pull with a local file', code: 2, says: /pull needs an http\(s\) URL; a local file must be uploaded/, args: video('--tiktok-video-source', 'pull') },
  // Issue 13, the smaller items: each a clear line and its documented exit code.
  { area: 'flags', name: 'a TIKTOK_* value with a newline stays one line', code: 2, says: /'SELF␊ONLY' is not a TikTok privacy level/, args: pub('video', '--tiktok-title', 'T', '--tiktok-video-url', 'FIXTURE/sample.mp4'), env: { TIKTOK_PRIVACY_STATUS: 'SELF\nONLY' } },
  { area: 'flags', name: 'AGORAS_HTTP_TIMEOUT_MS=-5', code: 2, says: /AGORAS_HTTP_TIMEOUT_MS must be a whole number of milliseconds above 0, not '-5'/, args: video(), env: { AGORAS_HTTP_TIMEOUT_MS: '-5' } },
  { area: 'flags', name: '--max-count 0', code: 2, says: /--max-count \(or MAX_COUNT\) must be a whole number of at least 1, not 0/, args: feed('FILES/empty.xml', '--max-count', '0') },
  { area: 'flags', name: 'image flags 2 and 4 without 1 and 3', code: 2, says: /--status-image-url-2 \(or STATUS_IMAGE_URL_2\) is set but --status-image-url-1 \(or STATUS_IMAGE_URL_1\) is not/, args: pub('post', '--tiktok-title', 'T', ...SELF, '--status-image-url-2', 'FILES/a.jpg', '--status-image-url-4', 'FILES/a.jpg') },
  { area: 'media', name: 'a video URL redirecting to file://', code: 2, says: /to-file\.mp4\) redirects to a URL that is not http\(s\)|redirects to a URL that is not http\(s\)/, args: video('--tiktok-video-url', 'FILES/to-file.mp4') },
  {
    area: 'config', name: 'a config.json that is a symbolic link', code: 2, where: 'scratch', args: video(), says: /config\.json is a symbolic link; agoras does not follow it/,
    prepare: (dir, c) => {
      copyFileSync(join(c.mainDir, 'config.json'), join(dir, 'elsewhere.json'));
      chmodSync(join(dir, 'elsewhere.json'), 0o644);
      symlinkSync(join(dir, 'elsewhere.json'), join(dir, 'config.json'));
    },
    config: (dir, before) => {
      expect(lstatSync(join(dir, 'config.json')).isSymbolicLink()).toBe(true);
      expect(bytesOf(join(dir, 'elsewhere.json'))).toEqual(before); // not overwritten
      expect(modeOf(join(dir, 'elsewhere.json')).toString(8)).toBe('644'); // not chmod'ed
    },
  },
  {
    area: 'config', name: 'an account lock that is a symbolic link', code: 2, where: 'scratch', args: feed('FILES/empty.xml'), says: /The lock file .*config-ana\.lock is a symbolic link; agoras does not follow it/,
    prepare: (dir, c) => {
      copyFileSync(join(c.mainDir, 'config.json'), join(dir, 'config.json'));
      writeFileSync(join(dir, 'victim'), 'keep me');
      symlinkSync(join(dir, 'victim'), join(dir, 'config-ana.lock'));
    },
    config: (dir) => expect(bytesOf(join(dir, 'victim'))?.toString()).toBe('keep me'),
  },
  { area: 'flags', name: '--tiktok-post-mode draft', code: 2, says: /--tiktok-post-mode must be direct or inbox, not 'draft'/, args: video('--tiktok-post-mode', 'draft') },
  { area: 'media', name: 'a video URL answering 404', code: 2, says: /missing\.mp4: HTTP 404; TikTok needs a URL anyone can download/, args: video('--tiktok-video-url', 'FILES/missing.mp4') },
  { area: 'media', name: 'an HTML page instead of a video', code: 2, says: /page\.html: not a video file; TikTok needs an MP4, MOV or WebM video/, args: video('--tiktok-video-url', 'FILES/page.html') },
  { area: 'media', name: 'a PNG renamed .mp4', code: 2, says: /png-renamed\.mp4: PNG file; TikTok needs an MP4, MOV or WebM video/, args: video('--tiktok-video-url', 'TMP/png-renamed.mp4') },
  { area: 'media', name: 'an empty file', code: 2, says: /empty\.mp4: an empty file; TikTok needs an MP4, MOV or WebM video/, args: video('--tiktok-video-url', 'TMP/empty.mp4') },
  { area: 'media', name: 'a local file that does not exist', code: 2, says: /nope\.mp4: no such file/, args: video('--tiktok-video-url', 'TMP/nope.mp4') },
  { area: 'media', name: 'Content-Length over 4 GB', code: 2, says: /huge\.mp4: 5\.0 GB; TikTok needs a video of at most 4 GB/, args: video('--tiktok-video-url', 'HOSTILE/huge.mp4') },
  { area: 'media', name: 'a directory', code: 2, says: /a-directory\.mp4 is a directory, not a video file/, args: video('--tiktok-video-url', 'TMP/a-directory.mp4') },
  { area: 'media', name: 'an image URL that is HTML', code: 2, says: /page\.html: not an image; TikTok needs JPEG or WebP photos: convert it to JPEG or WebP/, args: photo('--status-image-url-2', 'FILES/page.html') },
  // The seed allows PNG photos; TikTok's API takes JPEG and WebP only, and would fail it after init.
  { area: 'media', name: 'a PNG photo', code: 2, says: /b\.png: PNG image; TikTok needs JPEG or WebP photos: convert it to JPEG or WebP/, args: photo('--status-image-url-2', 'FILES/b.png') },
  { area: 'media', name: 'a photo image URL nobody answers', code: 5, says: /Could not reach 127\.0\.0\.1:1: ECONNREFUSED/, args: photo('--status-image-url-2', 'http://127.0.0.1:1/b.jpg') },
  { area: 'media', name: 'a photo image URL answering 404', code: 2, says: /missing\.jpg: HTTP 404; TikTok needs a URL anyone can download/, args: photo('--status-image-url-1', 'FILES/missing.jpg') },
  { area: 'media', name: "a video longer than the creator's max", code: 2, says: /sample\.mp4: 0:02(\.\d)?; TikTok needs at most 0:01 \(this account's limit\): trim it/, args: video(), where: 'short' },
  { area: 'credentials', name: 'wrong client secret at authorize', code: 3, says: /TikTok rejected the client key or client secret/, args: ['publish', '--network', 'tiktok', '--action', 'authorize', '--tiktok-username', 'mallory', '--tiktok-client-key', 'SANDBOX_KEY', '--tiktok-client-secret', 'sbxcs_not-the-secret', '--tiktok-redirect-uri', 'http://127.0.0.1:0/callback/', '--no-browser'] },
  {
    area: 'credentials', name: 'a revoked refresh token with an expired access token', code: 3, args: video(),
    says: new RegExp(`no longer accepts the saved login for 'ana'.*${authorizeHint.source}`),
    setup: (c) => {
      c.main.faults.expireAccessTokens();
      c.main.faults.revokeRefreshTokens();
    },
    teardown: async (c) => expect((await reauthorize(c)).code).toBe(0),
  },
  { area: 'credentials', name: 'a garbled Google private key', code: 3, says: /Google service account private key is damaged/, args: sheet('sheet-ok', 'Schedule', '--google-sheets-private-key', 'GARBLED_KEY') },
  { area: 'credentials', name: 'a username never authorized', code: 3, says: /No saved TikTok account 'bob'.*--action authorize --tiktok-username bob/, args: video('--tiktok-username', 'bob') },
  { area: 'feeds', name: 'a feed that is not XML', code: 2, says: /The feed is not XML/, args: feed('FILES/feed.json') },
  { area: 'feeds', name: 'a feed URL that is an HTML page', code: 2, says: /returned an HTML page/, args: feed('FILES/blog.html') },
  { area: 'feeds', name: 'a feed URL that is not http(s)', code: 2, says: /must start with http:\/\/ or https:\/\//, args: feed('ftp://127.0.0.1/feed.xml') },
  { area: 'feeds', name: 'an empty feed (documented: exit 0, nothing to post)', code: 0, says: /Nothing new to post from the feed \(0 entries read\)/, args: feed('FILES/empty.xml') },
  {
    area: 'feeds', name: 'a 50 MB feed streamed without a length', code: 2, says: /larger than 8 MiB/, args: feed('HOSTILE/huge-feed.xml'),
    config: (dir, before, c) => {
      expect(bytesOf(join(dir, 'config.json'))).toEqual(before);
      expect(c.hostile.feedBytesSent()).toBeLessThan(40 * 1024 * 1024); // stopped early, not all 50 MB
    },
  },
  { area: 'sheets', name: 'a wrong spreadsheet id', code: 2, says: /Spreadsheet "no-such-sheet" was not found/, args: sheet('no-such-sheet', 'Schedule') },
  { area: 'sheets', name: 'a sheet name that does not exist', code: 2, says: /There is no sheet "Shedule" in spreadsheet "sheet-ok"/, args: sheet('sheet-ok', 'Shedule') },
  { area: 'sheets', name: 'a missing --google-sheets-name', code: 2, says: /Missing --google-sheets-name \(or GOOGLE_SHEETS_NAME\)/, args: pub('schedule', '--google-sheets-id', 'sheet-ok') },
  {
    area: 'sheets', name: 'short rows and bad dates', code: 2, says: /rows? .*(skipped|malformed|invalid)|(skipped|malformed|invalid).* rows?/i, args: sheet('sheet-bad', 'Schedule'),
    // One "row N:" prefix per warning (today it is doubled: "row 2: row 2: date is empty").
    also: [/warning: row 2: date is empty/, /warning: row 3: date "31-02-2026" does not exist/, /warning: row 4: time "25" is not an hour/],
  },
  {
    area: 'config', name: 'truncated JSON', code: 2, where: 'scratch', args: video(),
    says: /config\.json is not valid JSON; it was moved to .*config\.json\.corrupt-.*[Aa]uthorize again/,
    prepare: (dir) => writeFileSync(join(dir, 'config.json'), '{"version":1,"accounts":{"ana":{"user', { mode: 0o600 }),
    config: (dir, before) => {
      const kept = readdirSync(dir).filter((name) => name.startsWith('config.json.corrupt-'));
      expect(kept).toHaveLength(1);
      expect(bytesOf(join(dir, kept[0]!))).toEqual(before);
      expect(existsSync(join(dir, 'config.json'))).toBe(false);
    },
  },
  {
    area: 'config', name: 'a 0644 config in a 0755 dir', code: 2, where: 'scratch', args: video('--tiktok-privacy-status', 'FRIENDS'), says: /'FRIENDS' is not a TikTok privacy level/,
    prepare: (dir, c) => {
      copyFileSync(join(c.mainDir, 'config.json'), join(dir, 'config.json'));
      chmodSync(join(dir, 'config.json'), 0o644);
      chmodSync(dir, 0o755);
    },
    config: (dir, before) => {
      expect(modeOf(join(dir, 'config.json')).toString(8)).toBe('600');
      expect(modeOf(dir).toString(8)).toBe('700');
      expect(bytesOf(join(dir, 'config.json'))).toEqual(before);
    },
  },
  {
    area: 'config', name: 'a config from a future version', code: 2, where: 'scratch', args: video(), says: /written by a newer agoras \(format 99; this one reads 1\)/,
    prepare: (dir) => writeFileSync(join(dir, 'config.json'), '{"version":99,"accounts":{},"ledger":{},"x":1}\n', { mode: 0o600 }),
    config: (dir, before) => {
      expect(bytesOf(join(dir, 'config.json'))).toEqual(before);
      expect(readdirSync(dir).filter((name) => name.includes('corrupt'))).toEqual([]);
    },
  },
];

let c: Ctx;
let garbledKey: string;

beforeAll(async () => {
  const [main, short] = await Promise.all([
    startSandbox({ autoConsent: true, statusDelayMs: 50 }),
    startSandbox({ autoConsent: true, statusDelayMs: 50, creator: { max_video_post_duration_sec: 1 } }),
  ]);
  const tmp = tempConfigDir();
  const files = await serveFiles({
    '/a.jpg': fixture('sample.jpg'),
    '/b.png': fixture('sample.png'),
    '/page.html': { body: '<!doctype html><html><body>not media</body></html>', contentType: 'text/html' },
    '/blog.html': { body: fixture('feeds/not-a-feed.html'), contentType: 'text/html; charset=utf-8' },
    '/empty.xml': { body: fixture('feeds/empty-rss.xml'), contentType: 'application/rss+xml' },
    '/feed.json': { body: '{"items":[{"title":"not a feed"}]}', contentType: 'application/json' },
    '/to-file.mp4': { status: 302, headers: { location: 'file:///etc/passwd' } },
  });
  c = {
    main,
    short,
    tmp,
    mainDir: join(tmp, 'main'),
    shortDir: join(tmp, 'short'),
    files,
    hostile: await serveHostile(),
    env: (sandbox, dir) => ({
      TIKTOK_API_BASE_URL: sandbox.urls.tiktokApiBaseUrl,
      TIKTOK_AUTH_URL: sandbox.urls.tiktokAuthUrl,
      AGORAS_CONFIG_DIR: dir,
      AGORAS_POLL_INTERVAL_MS: '50',
      AGORAS_RETRY_BASE_MS: '20',
      AGORAS_HTTP_TIMEOUT_MS: '10000',
      GOOGLE_SHEETS_ROOT_URL: sandbox.urls.googleSheetsRootUrl,
      GOOGLE_OAUTH_TOKEN_URL: sandbox.urls.googleOAuthTokenUrl,
      GOOGLE_SHEETS_CLIENT_EMAIL: sandbox.sheets.serviceAccount.clientEmail,
      GOOGLE_SHEETS_PRIVATE_KEY: sandbox.sheets.serviceAccount.privateKey,
    }),
  };
  copyFileSync(join(FIXTURES, 'sample.png'), join(tmp, 'png-renamed.mp4'));
  writeFileSync(join(tmp, 'empty.mp4'), '');
  mkdirSync(join(tmp, 'a-directory.mp4'));
  copyFileSync(join(FIXTURES, 'sample.mp4'), join(tmp, 'unreadable.mp4'));
  chmodSync(join(tmp, 'unreadable.mp4'), 0o000);
  // Valid base64 but half a key: it cannot be loaded.
  const pem = main.sheets.serviceAccount.privateKey.trim().split('\n');
  garbledKey = [...pem.slice(0, 8), pem.at(-1)!].join('\n');
  main.sheets.sheets.seed('sheet-ok', 'Schedule', [
    ['tiktok_video_url', 'tiktok_title', 'tiktok_privacy_status'],
  ]);
  const flags = ['TRUE', 'TRUE', 'TRUE', 'FALSE', 'FALSE', 'FALSE'];
  const row = (date: string, time: string) => [
    c.files.url('/v.mp4'),
    'T',
    'SELF_ONLY',
    ...flags,
    date,
    time,
    'draft',
  ];
  main.sheets.sheets.seed('sheet-bad', 'Schedule', [
    ['tiktok_video_url'],
    [c.files.url('/v.mp4'), 'Short row', 'SELF_ONLY'],
    row('31-02-2026', '10'),
    row('01-01-2026', '25'),
  ]);
  for (const auth of [await reauthorize(c), await authorizeViaCli(c.env(short, c.shortDir), 'ana', short)])
    expect(auth.code, auth.stderr).toBe(0);
});

afterAll(async () => {
  await Promise.all([c?.files.close(), c?.hostile.close(), c?.main.close(), c?.short.close()]);
});

function resolve(arg: string): string {
  return arg
    .replace(/^FILES\//, `${c.files.baseUrl}/`)
    .replace(/^HOSTILE\//, c.hostile.url('/'))
    .replace(/^TMP\//, `${c.tmp}/`)
    .replace(/^FIXTURE\//, `${FIXTURES}/`)
    .replace(/^SANDBOX_KEY$/, c.main.clientKey)
    .replace(/^GARBLED_KEY$/, garbledKey);
}

async function runRow(row: Row): Promise<void> {
  const sandbox = row.where === 'short' ? c.short : c.main;
  let dir = row.where === 'short' ? c.shortDir : c.mainDir;
  if (row.where === 'scratch') dir = mkdtempSync(join(c.tmp, 'scratch-'));
  row.prepare?.(dir, c);
  row.setup?.(c);
  const before = bytesOf(join(dir, 'config.json'));
  const posted = [c.main.state.publishes.size, c.short.state.publishes.size];
  try {
    const r = await runCliBounded(row.args.map(resolve), { ...c.env(sandbox, dir), ...row.env });
    const lines = agorasLines(r.stderr);
    expect({ code: r.code, lines: lines.length }, r.stderr).toEqual({
      code: row.code,
      lines: row.code ? 1 : 0,
    });
    expect(row.code ? lines[0] : r.stderr).toMatch(row.says);
    for (const pattern of row.also ?? []) expect(r.stderr).toMatch(pattern);
    expect(stackLines(r.stderr + r.stdout)).toEqual([]);
    expect([c.main.state.publishes.size, c.short.state.publishes.size]).toEqual(posted);
    if (row.config) row.config(dir, before, c);
    else expect(bytesOf(join(dir, 'config.json'))).toEqual(before);
  } finally {
    await row.teardown?.(c);
  }
}

describe('bad input through the built CLI', () => {
  it('covers at least 40 distinct cases', () => {
    expect(new Set(ROWS.map((row) => row.name)).size).toBeGreaterThanOrEqual(40);
  });
  it.each(ROWS.map((row) => [`${row.area}: ${row.name} → exit ${row.code}`, row] as const))('%s', (_, row) =>
    runRow(row),
  );
});
