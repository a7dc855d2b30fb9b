// Figure 10: a fleet sharing one Redis store (issue 16). 20 sandbox accounts, each with its own RSS
// feed of 10 video entries (200 in all), posted by 8 workers at once: each worker is a separate
// "host" (its own empty AGORAS_CONFIG_DIR, the same AGORAS_STORE) that runs the seed's
// last-from-feed for every account in turn, starting at its own offset, so up to 8 runners meet on
// one account and must wait for its lock and then find its entries posted. Reported, from the
// sandbox's own record of inits: duplicates (target 0) and entries missing; the wall time of the 8
// workers against 1 worker doing the same 20 runs (a fresh set of 200 entries, same store); and
// Redis commands per post from `INFO stats` total_commands_processed before/after (this counts the
// commands inside Lua scripts too, so it is an upper bound on round trips), with the busiest
// commands from `INFO commandstats`. Times are process.hrtime only. The sandbox is its own child
// without per-token rate limits (fleet-sandbox.mjs); redis-server is Debian's, on 127.0.0.1, no
// persistence. Without redis-server the figure says so and is skipped.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';
import { fmt, log, record, summary } from './report.mjs';
import { authorizeAccount } from './services.mjs';
import { msSince, now, run, startJsonChild, stopChild } from './util.mjs';
import { writeVideoRange } from './video.mjs';

const ACCOUNTS = Array.from({ length: 20 }, (_, i) => `fleet-${String(i + 1).padStart(2, '0')}`);
const PER_ACCOUNT = 10;
const WORKERS = 8;
const FIGURE = '10. fleet (8 workers, shared Redis)';
const SANDBOX = new URL('./fleet-sandbox.mjs', import.meta.url).pathname;

function redisBinary() {
  for (const candidate of [process.env.REDIS_SERVER, '/usr/bin/redis-server', 'redis-server']) {
    if (!candidate) continue;
    const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    if (probe.status === 0 && /Redis server v=/.test(probe.stdout)) return candidate;
  }
  return undefined;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** One command over a fresh connection; resolves with the reply's text (simple, error or bulk). */
function redisCommand(port, ...args) {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let data = Buffer.alloc(0);
    socket.setTimeout(2000, () => socket.destroy(new Error('redis timeout')));
    socket.once('error', reject);
    socket.once('connect', () =>
      socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`),
    );
    socket.on('data', (chunk) => {
      data = Buffer.concat([data, chunk]);
      const nl = data.indexOf('\r\n');
      if (nl < 0) return;
      const head = data.toString('latin1', 0, nl);
      if (head[0] !== '$') return finish(head.slice(1));
      const length = Number(head.slice(1));
      if (data.length >= nl + 2 + length) finish(data.toString('utf8', nl + 2, nl + 2 + length));
    });
    function finish(text) {
      socket.destroy();
      resolve(text);
    }
  });
}

async function startRedis(binary, dir) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''];
    args.push('--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning');
    const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'ignore'] });
    for (let i = 0; i < 400 && child.exitCode === null; i++) {
      if ((await redisCommand(port, 'PING').catch(() => '')) === 'PONG') return { port, child };
      await new Promise((r) => setTimeout(r, 25));
    }
    child.kill('SIGKILL');
  }
  throw new Error('redis-server did not start');
}

/** total_commands_processed and the per-command call counts. */
async function commandCounts(port) {
  const stats = await redisCommand(port, 'INFO', 'stats');
  const total = Number(/total_commands_processed:(\d+)/.exec(stats)?.[1]);
  const calls = {};
  for (const m of (await redisCommand(port, 'INFO', 'commandstats')).matchAll(
    /cmdstat_([\w|]+):calls=(\d+)/g,
  ))
    calls[m[1]] = Number(m[2]);
  return { total, calls };
}

function writeFeeds(dataDir, files, tag) {
  const minute = 60_000;
  for (const user of ACCOUNTS) {
    const items = Array.from({ length: PER_ACCOUNT }, (_, k) => {
      const date = new Date(Date.now() - (k + 1) * minute).toUTCString();
      const media = `<enclosure url="${files}/fleet-clip.mp4" type="video/mp4"/>`;
      return `<item><title>fleet ${tag} ${user} ${k + 1}</title><guid>urn:${tag}:${user}:${k + 1}</guid><pubDate>${date}</pubDate>${media}</item>`;
    });
    const doc = `<?xml version="1.0"?>\n<rss version="2.0"><channel><title>${user}</title>${items.join('\n')}</channel></rss>`;
    writeFileSync(join(dataDir, `fleet-${tag}-${user}.xml`), doc);
  }
}

const feedArgs = (files, tag, user) => [
  ...['publish', '--network', 'tiktok', '--tiktok-username', user, '--action', 'last-from-feed'],
  ...['--feed-url', `${files}/fleet-${tag}-${user}.xml`, '--max-count', String(PER_ACCOUNT)],
  ...['--post-lookback', '3600', '--tiktok-privacy-status', 'SELF_ONLY', '--headless'],
];

/** `workers` hosts at once, each running every account's feed from its own offset; wall time and exits. */
async function phase(ctx, env, tag, workers) {
  writeFeeds(ctx.dataDir, ctx.files, tag);
  const exits = {};
  const t0 = now();
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      const host = { ...env, AGORAS_CONFIG_DIR: mkdtempSync(join(ctx.tmp, `fleet-host-${tag}-`)) };
      const offset = Math.floor((w * ACCOUNTS.length) / workers);
      for (let i = 0; i < ACCOUNTS.length; i++) {
        const user = ACCOUNTS[(offset + i) % ACCOUNTS.length];
        const r = await run(process.execPath, [ctx.cli, ...feedArgs(ctx.files, tag, user)], { env: host });
        const key = r.code === 0 ? '0' : `${r.code}`;
        exits[key] = (exits[key] ?? 0) + 1;
        if (r.code !== 0 && !exits.first) exits.first = `${user}: ${r.stderr.trim().split('\n').at(-1)}`;
      }
    }),
  );
  return { ms: msSince(t0), exits };
}

/** Inits per title of one phase, from the sandbox's state. */
async function posts(adminUrl, tag) {
  const state = await (await fetch(`${adminUrl}/state`)).json();
  const counts = new Map();
  for (const p of state.publishes) {
    const title = p.post_info?.title;
    if (typeof title === 'string' && title.startsWith(`fleet ${tag} `))
      counts.set(title, (counts.get(title) ?? 0) + 1);
  }
  const duplicates = [...counts.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
  return { duplicates, missing: ACCOUNTS.length * PER_ACCOUNT - counts.size };
}

async function measured(ctx, env, redis, adminUrl, tag, workers) {
  const before = await commandCounts(redis.port);
  const result = await phase(ctx, env, tag, workers);
  const after = await commandCounts(redis.port);
  const seen = await posts(adminUrl, tag);
  // Our own INFO stats + INFO commandstats between the two totals are 2 commands.
  const commands = after.total - before.total - 2;
  const byCommand = Object.entries(after.calls)
    .map(([name, n]) => [name, n - (before.calls[name] ?? 0)])
    .filter(([name, n]) => n > 0 && name !== 'info')
    .sort((a, b) => b[1] - a[1]);
  const postsMade = ACCOUNTS.length * PER_ACCOUNT - seen.missing;
  log(
    `   ${workers} worker(s): ${fmt(result.ms / 1000, 1)} s, exits ${JSON.stringify(result.exits)}, ` +
      `duplicates ${seen.duplicates}, missing ${seen.missing}, ${commands} Redis commands ` +
      `(${fmt(commands / Math.max(1, postsMade), 1)} per post; ${byCommand
        .slice(0, 6)
        .map(([n, c]) => `${n} ${c}`)
        .join(', ')})`,
  );
  return { ...result, ...seen, perPost: commands / Math.max(1, postsMade) };
}

export async function fleet(ctx) {
  const binary = redisBinary();
  if (!binary) {
    log('   skipped: redis-server is not installed (apt-get install redis-server)');
    summary.push({ figure: FIGURE, ours: 'skipped', baseline: '', ratio: '', target: '', result: 'SKIP' });
    return;
  }
  const dir = join(ctx.tmp, 'fleet-redis');
  mkdirSync(dir);
  const redis = await startRedis(binary, dir);
  const sandboxChild = await startJsonChild(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), SANDBOX],
    { env: ctx.env },
  );
  try {
    const sandbox = sandboxChild.info;
    const env = {
      ...ctx.env,
      TIKTOK_API_BASE_URL: sandbox.tiktokApiBaseUrl,
      TIKTOK_AUTH_URL: sandbox.tiktokAuthUrl,
      AGORAS_STORE: `redis://127.0.0.1:${redis.port}/0`,
      AGORAS_STORE_KEY: randomBytes(32).toString('base64'),
      AGORAS_POLL_INTERVAL_MS: '100', // the sandbox finishes at once (status delay 0): poll briskly
      // agoras paces TikTok's 6 inits a minute per account; 10 entries an account would wait 60 s
      // each time, so the window is shortened to 1 s (AGORAS_RATE_WINDOW_MS, meant for rehearsals).
      AGORAS_RATE_WINDOW_MS: '1000',
    };
    await writeVideoRange(join(ctx.dataDir, 'fleet-clip.mp4'), 256 * 1024 + 17);
    for (const username of ACCOUNTS) {
      const host = { ...env, AGORAS_CONFIG_DIR: mkdtempSync(join(ctx.tmp, 'fleet-auth-')) };
      await authorizeAccount({ cli: ctx.cli, env: host, sandbox, username });
    }
    log(`   ${ACCOUNTS.length} accounts authorized into ${env.AGORAS_STORE} from throwaway hosts`);
    const solo = await measured(ctx, env, redis, sandbox.adminUrl, 'solo', 1);
    const many = await measured(ctx, env, redis, sandbox.adminUrl, 'many', WORKERS);
    const complete = many.missing === 0 && solo.missing === 0;
    record(
      `${FIGURE}: duplicates`,
      String(many.duplicates),
      String(solo.duplicates),
      Number.NaN,
      '0, none missing',
      many.duplicates === 0 && solo.duplicates === 0 && complete,
    );
    record(
      `${FIGURE}: wall time`,
      `${fmt(many.ms / 1000, 1)} s`,
      `${fmt(solo.ms / 1000, 1)} s (1 worker)`,
      many.ms / solo.ms,
      '—',
      undefined,
    );
    record(
      `${FIGURE}: Redis commands/post`,
      fmt(many.perPost, 1),
      `${fmt(solo.perPost, 1)} (1 worker)`,
      many.perPost / solo.perPost,
      '—',
      undefined,
    );
  } finally {
    await stopChild(sandboxChild.child);
    redis.child.kill('SIGTERM');
    await new Promise((r) => (redis.child.exitCode !== null ? r() : redis.child.once('exit', r)));
  }
}
