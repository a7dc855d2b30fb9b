import { randomBytes } from 'node:crypto';
import type { Sandbox } from '../../source/sandbox/index.js';
import { startSandbox } from '../../source/sandbox/index.js';
import { authorizeViaCli, type CliResult, tempConfigDir } from '../e2e/cli.js';
import { rfc822, rssFeed, startCli } from '../e2e/sources-helpers.js';
import { makeVideoBytes, type ServedFile, serveFiles } from '../sandbox/helpers.js';
import {
  REDIS_SERVER,
  type RedisServer,
  SKIP_REASON,
  startRedisServer,
} from '../store/redis/redis-server.js';

/**
 * A fleet: ONE sandbox (TikTok + Sheets) in the test process, one local file server for feeds and
 * media, one real redis-server (AOF, fsync always, so a SIGKILL and a restart keep every
 * acknowledged write), and many built-CLI processes, each with its own empty config dir: separate
 * "hosts" that share only AGORAS_STORE.
 */

const MINUTE = 60_000;

export interface Fleet {
  sandbox: Sandbox;
  files: Awaited<ReturnType<typeof serveFiles>>;
  /** Undefined when redis-server could not start; `redisSkip` says why. */
  redis: RedisServer | undefined;
  redisSkip: string | undefined;
  /** One AGORAS_STORE_KEY for the whole fleet, as an operator would share it. */
  storeKey: string;
  /** redis://127.0.0.1:<port>/<db>: one db per test keeps their ledgers apart. */
  storeUrl(db: number): string;
  /** The environment of a new host: its own empty config dir, the shared store when given. */
  host(store?: string): Record<string, string>;
  /** Serves an RSS feed of `n` recent video entries titled `<name> 1` … `<name> n`; returns its URL. */
  feed(name: string, n: number): { url: string; titles: string[] };
  /** The URL of the shared test video. */
  videoUrl: string;
  close(): Promise<void>;
}

/** The seed's last-from-feed command for `user`, headless. */
export function feedArgs(url: string, n: number, user = 'ana'): string[] {
  return [
    ...['publish', '--network', 'tiktok', '--tiktok-username', user, '--action', 'last-from-feed'],
    ...['--feed-url', url, '--max-count', String(n), '--post-lookback', '3600'],
    ...['--tiktok-privacy-status', 'SELF_ONLY', '--headless'],
  ];
}

/** The seed's video command for `user`, headless. */
export function videoArgs(url: string, title: string, user = 'ana'): string[] {
  return [
    ...['publish', '--network', 'tiktok', '--tiktok-username', user, '--action', 'video'],
    ...['--tiktok-video-url', url, '--tiktok-title', title, '--tiktok-privacy-status', 'SELF_ONLY'],
    '--headless',
  ];
}

export async function startFleet(options: { statusDelayMs?: number } = {}): Promise<Fleet> {
  const sandbox = await startSandbox({
    autoConsent: true,
    statusDelayMs: options.statusDelayMs ?? 50,
    rateLimits: false, // a fleet posts far more than 6 inits a minute per token
  });
  const served: Record<string, ServedFile> = { '/clip.mp4': makeVideoBytes(256 * 1024 + 11) };
  const files = await serveFiles(served);
  let redis: RedisServer | undefined;
  let redisSkip = SKIP_REASON;
  if (REDIS_SERVER) {
    try {
      redis = await startRedisServer({ persist: true });
    } catch (error) {
      redisSkip = `redis-server could not start: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  const storeKey = randomBytes(32).toString('base64');
  const now = Date.now();
  return {
    sandbox,
    files,
    redis,
    redisSkip,
    storeKey,
    videoUrl: files.url('/clip.mp4'),
    storeUrl(db) {
      if (!redis) throw new Error(redisSkip);
      return `redis://127.0.0.1:${redis.port}/${db}`;
    },
    host(store) {
      return {
        TIKTOK_API_BASE_URL: sandbox.urls.tiktokApiBaseUrl,
        TIKTOK_AUTH_URL: sandbox.urls.tiktokAuthUrl,
        GOOGLE_SHEETS_ROOT_URL: sandbox.urls.googleSheetsRootUrl,
        GOOGLE_OAUTH_TOKEN_URL: sandbox.urls.googleOAuthTokenUrl,
        AGORAS_CONFIG_DIR: tempConfigDir(),
        AGORAS_POLL_INTERVAL_MS: '50',
        AGORAS_RETRY_BASE_MS: '20',
        ...(store ? { AGORAS_STORE: store, AGORAS_STORE_KEY: storeKey } : {}),
      };
    },
    feed(name, n) {
      const titles = Array.from({ length: n }, (_, i) => `${name} ${i + 1}`);
      served[`/${name}.xml`] = rssFeed(
        titles.map((title, i) => ({
          id: `urn:${name}:${i + 1}`,
          title,
          date: rfc822(now - (i + 1) * MINUTE),
          media: [{ url: files.url('/clip.mp4'), type: 'video/mp4' }],
        })),
      );
      return { url: files.url(`/${name}.xml`), titles };
    },
    async close() {
      await redis?.stop();
      await files.close();
      await sandbox.close();
    },
  };
}

/** Authorizes `user` through the CLI (the auto-consenting sandbox plays the browser) on host `env`. */
export async function authorize(fleet: Fleet, env: Record<string, string>, user = 'ana'): Promise<CliResult> {
  return authorizeViaCli(env, user, fleet.sandbox);
}

/** Starts one CLI process per env at the same moment; resolves with every result, in order. */
export function runAtOnce(args: (i: number) => string[], envs: Record<string, string>[]) {
  const t0 = Date.now();
  const runs = envs.map((env, i) => startCli(args(i), env));
  const timed = runs.map((r) => r.result.then((result): Timed => ({ ...result, ms: Date.now() - t0 })));
  return { runs, results: Promise.all(timed) };
}

/** A run's result and how long after the batch started it ended. */
export type Timed = CliResult & { ms: number };

/** How many publishes (inits) the sandbox received for each title, every title given listed. */
export function postCounts(sandbox: Sandbox, titles: string[]): Map<string, number> {
  const counts = new Map(titles.map((t) => [t, 0]));
  for (const p of sandbox.state.publishes.values()) {
    const title = p.post_info?.title;
    if (typeof title === 'string' && counts.has(title)) counts.set(title, counts.get(title)! + 1);
  }
  return counts;
}

/** The extra posts beyond one per title: 0 means no title was posted twice. */
export function duplicates(counts: Map<string, number>): number {
  let extra = 0;
  for (const n of counts.values()) extra += Math.max(0, n - 1);
  return extra;
}

/** The `agoras:` lines of a run's stderr (its errors and refusals). */
export function agorasLines(r: CliResult): string[] {
  return r.stderr.split('\n').filter((l) => l.startsWith('agoras:'));
}

/** A run that refused because another runner holds the account (the documented "busy", exit 1). */
export function isBusy(r: CliResult): boolean {
  return r.code === 1 && agorasLines(r).some((l) => /another agoras run|another run|lock|busy/i.test(l));
}

/** "0×4, busy×2": how a batch of runs ended, for the test log and the report. */
export function tally(results: CliResult[]): string {
  const by = new Map<string, number>();
  for (const r of results) {
    const key = r.code === 0 ? '0' : isBusy(r) ? 'busy' : String(r.code ?? r.signal);
    by.set(key, (by.get(key) ?? 0) + 1);
  }
  const times = results.map((r) => ('ms' in r ? `${((r as Timed).ms / 1000).toFixed(1)}s` : '?'));
  return `${[...by].map(([k, n]) => `${k}×${n}`).join(', ')} (ended after ${times.join(' ')})`;
}

/** Polls `check` every 10 ms until it holds; throws after `ms`. */
export async function waitUntil(check: () => boolean, ms = 30_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} not reached in ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The rows of a sheet in the seed's twelve columns, `n` rows due this hour in `tz`. */
export function dueRows(videoUrl: string, name: string, n: number, tz: string): string[][] {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: tz,
    ...{ year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' },
  }).formatToParts(new Date());
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  const date = `${get('day')}-${get('month')}-${get('year')}`;
  const header = ['tiktok_video_url', 'tiktok_title', 'tiktok_privacy_status', 'allow_comments'];
  header.push('allow_duet', 'allow_stitch', 'is_brand_organic', 'is_brand_content', 'auto_add_music');
  header.push('date', 'time', 'status');
  const rows = Array.from({ length: n }, (_, i) => [
    ...[videoUrl, `${name} ${i + 1}`, 'SELF_ONLY', 'TRUE', 'FALSE', 'FALSE', 'FALSE', 'FALSE', 'FALSE'],
    ...[date, get('hour'), 'draft'],
  ]);
  return [header, ...rows];
}

/** A zone whose current hour is at most half over, so no hour boundary passes during a test. */
export function steadyZone(): string {
  return new Date().getUTCMinutes() < 30 ? 'UTC' : 'Asia/Kolkata';
}
