import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { request } from 'undici';
import { expect } from 'vitest';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../source/sandbox/index.js';
import { authorizeViaCli, CLI, type CliResult, storeEnv, tempConfigDir } from './cli.js';

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A sandbox (no rate limits: these suites post a lot) with 'ana' authorized through the CLI. */
export async function sandboxWithAna(
  options: SandboxOptions = {},
): Promise<{ sandbox: Sandbox; env: Record<string, string> }> {
  const sandbox = await startSandbox({ autoConsent: true, statusDelayMs: 50, rateLimits: false, ...options });
  const env = {
    TIKTOK_API_BASE_URL: sandbox.urls.tiktokApiBaseUrl,
    TIKTOK_AUTH_URL: sandbox.urls.tiktokAuthUrl,
    AGORAS_CONFIG_DIR: tempConfigDir(),
    AGORAS_POLL_INTERVAL_MS: '50',
    AGORAS_RETRY_BASE_MS: '20',
    GOOGLE_SHEETS_ROOT_URL: sandbox.urls.googleSheetsRootUrl,
    GOOGLE_OAUTH_TOKEN_URL: sandbox.urls.googleOAuthTokenUrl,
  };
  const auth = await authorizeViaCli(env, 'ana', sandbox);
  expect(auth.code, auth.stderr).toBe(0);
  return { sandbox, env };
}

/** A running CLI child that a test may kill; `waitFor` resolves when a stream matches. */
export function startCli(args: string[], env: Record<string, string>) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, AGORAS_NO_BROWSER: '1', ...storeEnv(env), ...env },
  });
  const out = { stdout: '', stderr: '' };
  const watchers: (() => void)[] = [];
  const watch = (name: 'stdout' | 'stderr') =>
    child[name].on('data', (d: Buffer) => {
      out[name] += d.toString();
      for (const w of [...watchers]) w();
    });
  watch('stdout');
  watch('stderr');
  child.stdin.end();
  const result = new Promise<CliResult>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, ...out })),
  );
  const waitFor = (name: 'stdout' | 'stderr', pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!pattern.test(out[name])) return;
        watchers.splice(watchers.indexOf(check), 1);
        resolve();
      };
      watchers.push(check);
      void result.then(() => reject(new Error(`exited before ${name} matched ${pattern}:\n${out.stderr}`)));
      check();
    });
  return { child, result, waitFor };
}

/** The publish ids of the seed's `{"id":…}` lines, in order. */
export function ids(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{"id"'))
    .map((l) => JSON.parse(l).id as string);
}

/** The publish records whose caption is `title` (optionally only those in `status`). */
export function publishesTitled(sandbox: Sandbox, title: string, status?: string) {
  return [...sandbox.state.publishes.values()].filter(
    (r) => r.post_info?.title === title && (status === undefined || r.status === status),
  );
}

/** Asserts a refusal: the exit code and exactly one `agoras:` line matching `message`. */
export function expectOneLine(r: CliResult, code: number, message: RegExp): void {
  expect(r.code, r.stderr).toBe(code);
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('agoras:'));
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

/** Consumes Sheets faults left armed, so they do not hit a later run (a fault is taken before auth). */
export async function drainSheetFaults(sandbox: Sandbox, endpoint: 'batchUpdate'): Promise<void> {
  const url = `${sandbox.urls.googleSheetsRootUrl}v4/spreadsheets/drain/values:batchUpdate`;
  for (let i = 0; i < 20; i++) {
    const res = await request(url, { method: 'POST', body: '{}' });
    await res.body.dump();
    if (res.statusCode !== 500) break;
  }
  expect(sandbox.sheets.requests.at(-1)?.endpoint).toBe(endpoint);
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');
const zone = (offsetMin: number, colon: boolean) => {
  const a = Math.abs(offsetMin);
  return `${offsetMin < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}${colon ? ':' : ''}${pad(a % 60)}`;
};

/** An instant as an RFC 822 pubDate written in the zone `offsetMin` east of UTC. */
export function rfc822(ms: number, offsetMin = 0): string {
  const d = new Date(ms + offsetMin * 60_000);
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const day = `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  return `${day} ${time} ${offsetMin === 0 ? 'GMT' : zone(offsetMin, false)}`;
}

/** An instant as RFC 3339, with Z or the zone `offsetMin` east of UTC. */
export function rfc3339(ms: number, offsetMin = 0): string {
  const iso = new Date(ms + offsetMin * 60_000).toISOString().slice(0, 19);
  return `${iso}${offsetMin === 0 ? 'Z' : zone(offsetMin, true)}`;
}

export interface FeedItem {
  id: string;
  /** Already XML-escaped. */
  title: string;
  date?: string;
  media: { url: string; type?: string }[];
}

/** An RSS 2.0 document, served as application/rss+xml. */
export function rssFeed(items: FeedItem[]): { body: string; contentType: string } {
  const body = items.map((i) => {
    const media = i.media.map((m) => `<enclosure url="${m.url}"${m.type ? ` type="${m.type}"` : ''}/>`);
    const date = i.date ? `<pubDate>${i.date}</pubDate>` : '';
    return `<item><title>${i.title}</title><guid>${i.id}</guid>${date}${media.join('')}</item>`;
  });
  const doc = `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Feed</title><link>http://example.com/</link><description>e2e</description>${body.join('\n')}</channel></rss>`;
  return { body: doc, contentType: 'application/rss+xml; charset=utf-8' };
}

/** An Atom document, served as application/atom+xml. */
export function atomFeed(items: FeedItem[]): { body: string; contentType: string } {
  const body = items.map((i) => {
    const media = i.media.map(
      (m) => `<link rel="enclosure" href="${m.url}"${m.type ? ` type="${m.type}"` : ''}/>`,
    );
    const date = i.date ? `<published>${i.date}</published>` : '';
    return `<entry><title>${i.title}</title><id>${i.id}</id>${date}${media.join('')}</entry>`;
  });
  const doc = `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Feed</title><id>urn:e2e</id><updated>${rfc3339(Date.now())}</updated>${body.join('\n')}</feed>`;
  return { body: doc, contentType: 'application/atom+xml; charset=utf-8' };
}
