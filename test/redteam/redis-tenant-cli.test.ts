import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../source/sandbox/index.js';
import type { RedisLink } from '../../source/store/redis/index.js';
import { authorizeViaCli, runCli, tempConfigDir } from '../e2e/cli.js';
import { killDuringChunk, MiB, printedIds } from '../e2e/resume-helpers.js';
import { makeVideoBytes } from '../sandbox/helpers.js';
import { newKey, rawLink } from '../store/redis/helpers.js';
import { type RedisServer, SKIP_REASON, startRedisServer, titled } from '../store/redis/redis-server.js';

/**
 * The attack as it was made: a paused upload on a shared Redis with AGORAS_STORE_KEY; another
 * tenant replaces its sealed upload URL with a plain one pointing at their server. The rerun
 * refuses in one line (exit 2) and sends that server nothing.
 */
describe.skipIf(SKIP_REASON)(titled('a planted upload URL on the shared store, through the CLI'), () => {
  let redis: RedisServer;
  let raw: RedisLink;
  let sandbox: Sandbox;
  let stolen = 0;
  const thief = createServer((req, res) => {
    req.on('data', (d: Buffer) => {
      stolen += d.length;
    });
    req.on('end', () => res.writeHead(201).end());
  });
  beforeAll(async () => {
    redis = await startRedisServer();
    raw = await rawLink(redis.url);
    sandbox = await startSandbox({ autoConsent: true, statusDelayMs: 50, rateLimits: false });
    await new Promise<void>((r) => thief.listen(0, '127.0.0.2', r));
  });
  afterAll(async () => {
    thief.closeAllConnections();
    thief.close();
    await raw?.close();
    await sandbox?.close();
    await redis?.stop();
  });

  it('the rerun refuses in one line, exit 2, and sends the planted URL nothing', async () => {
    const env = {
      TIKTOK_API_BASE_URL: sandbox.urls.tiktokApiBaseUrl,
      TIKTOK_AUTH_URL: sandbox.urls.tiktokAuthUrl,
      AGORAS_CONFIG_DIR: tempConfigDir(),
      AGORAS_POLL_INTERVAL_MS: '50',
      AGORAS_RETRY_BASE_MS: '20',
      AGORAS_STORE: redis.url,
      AGORAS_STORE_KEY: newKey(),
    };
    expect((await authorizeViaCli(env, 'ana', sandbox)).code).toBe(0);
    const path = join(env.AGORAS_CONFIG_DIR, '..', `agoras-tenant-${process.pid}.mp4`);
    writeFileSync(path, makeVideoBytes(40 * MiB + 7));
    const video = [
      ...['publish', '--network', 'tiktok', '--tiktok-username', 'ana', '--action', 'video'],
      ...['--tiktok-video-url', path, '--tiktok-title', 'Tenant', '--tiktok-privacy-status', 'SELF_ONLY'],
    ];
    const killed = await killDuringChunk(sandbox, video, env, 2);
    const [id] = printedIds(killed.stdout);
    const key = 'agoras:{config}:posts:ana';
    const stored = JSON.parse(await raw.command<string>(['HGET', key, id!]));
    const port = (thief.address() as AddressInfo).port;
    stored.upload.uploadUrl = `http://127.0.0.2:${port}/video/?upload_id=1`;
    await raw.command(['HSET', key, id!, JSON.stringify(stored)]);
    const uploadsBefore = sandbox.state.requestCounts.upload;

    const rerun = await runCli(video, env);
    expect(rerun.code).toBe(2);
    expect(rerun.stderr).toMatch(
      /^agoras: A secret in the store .* is plain text though AGORAS_STORE_KEY is set/m,
    );
    expect(rerun.stderr.split('\n').filter((l) => l.startsWith('agoras:'))).toHaveLength(1);
    expect(rerun.stderr).not.toContain('127.0.0.2');
    expect(rerun.stdout).not.toMatch(/Accepted|"id"/);
    expect(stolen).toBe(0);
    expect(sandbox.state.requestCounts.upload).toBe(uploadsBefore);
  }, 60_000);
});
