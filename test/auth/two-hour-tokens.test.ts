import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session, tokenFields } from '../../source/auth/session.js';
import { type Sandbox, startSandbox } from '../../source/sandbox/index.js';
import { NetworkError } from '../../source/shared/errors.js';
import { createHttp, type Http } from '../../source/shared/http.js';
import { openStore } from '../../source/store/open.js';
import type { StateStore } from '../../source/store/state-store.js';
import { TikTokClient } from '../../source/tiktok/client.js';
import { authorizeSandbox } from '../sandbox/helpers.js';
import { type RedisServer, SKIP_REASON, startRedisServer, titled } from '../store/redis/redis-server.js';

// TikTok's access tokens last 2 h (Nov 2026 pages), so an hourly cron refreshes every other run and a
// fleet on one Redis store rotates the refresh token dozens of times a day. Two days of hourly runs on
// four hosts, with a flaky token endpoint on the way: no run loses the rotation.

const HOUR = 3_600_000;
const HOSTS = 4;
const RUNS = 48;
let server: RedisServer | undefined;

beforeAll(async () => {
  if (!SKIP_REASON) server = await startRedisServer();
});
afterAll(async () => {
  await server?.stop();
});

/** The clock both sides read: the client's `now`, and the sandbox's token expiries moved back to match. */
function timeMachine(sandbox: Sandbox) {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance(ms: number) {
      offset += ms;
      for (const t of sandbox.state.accessTokens.values()) t.expires_at -= ms;
      for (const t of sandbox.state.refreshTokens.values()) t.expires_at -= ms;
    },
  };
}

/**
 * Two days of hourly runs: each hour every host runs at once (a fleet's cron, or overlapping runs on one
 * machine), each with its own session on its own connection to the store, and reads creator_info.
 */
async function cronDays(openHost: () => Promise<StateStore>): Promise<void> {
  const sandbox = await startSandbox({ statusDelayMs: 10 }); // TikTok's lifetimes: the defaults
  const base = sandbox.urls.tiktokApiBaseUrl;
  const plain = createHttp({ retryBaseMs: 5, timeoutMs: 5000 });
  let tokenRequests = 0;
  const http: Http = {
    ...plain,
    token: plain.token.compose((dispatch) => (opts, handler) => {
      tokenRequests++;
      return dispatch(opts, handler);
    }),
  };
  const hosts: StateStore[] = await Promise.all(Array.from({ length: HOSTS }, () => openHost()));
  const clock = timeMachine(sandbox);
  try {
    const tokens = await authorizeSandbox(sandbox);
    expect(tokens.expires_in).toBe(7200);
    await hosts[0]!.saveAccount({
      username: 'ana',
      clientKey: sandbox.clientKey,
      clientSecret: sandbox.clientSecret,
      ...tokenFields(tokens, clock.now()),
      updatedAt: clock.now(),
    });
    const refreshRuns: number[] = [];
    const failedRuns: number[] = [];
    for (let run = 1; run <= RUNS; run++) {
      clock.advance(HOUR);
      // Weather on the way: TikTok's token endpoint saying "try later" in a 200, a reset before it
      // answered, every access token revoked early, and one run where it stays down.
      if (run === 6)
        sandbox.faults.apply([{ endpoint: 'token', status: 200, code: 'temporarily_unavailable', times: 2 }]);
      if (run === 10) sandbox.faults.apply([{ endpoint: 'token', action: 'reset' }]);
      if (run === 15) sandbox.faults.expireAccessTokens();
      if (run === 20) {
        sandbox.faults.expireAccessTokens(); // so this run must refresh, and cannot
        sandbox.faults.apply([{ endpoint: 'token', status: 200, code: 'server_error', times: 100 }]);
      }
      const before = tokenRequests;
      const results = await Promise.allSettled(
        hosts.map((store) =>
          new TikTokClient(new Session(store, 'ana', base, http, clock.now), base, http).creatorInfo(),
        ),
      );
      if (run === 20) sandbox.faults.clear();
      const failures = results.filter((r) => r.status === 'rejected');
      for (const f of failures) expect((f as PromiseRejectedResult).reason).toBeInstanceOf(NetworkError);
      if (failures.length > 0) failedRuns.push(run);
      if (tokenRequests > before) refreshRuns.push(run);
      // Whatever happened, the store holds the refresh token TikTok holds live, and a working access token.
      const saved = (await hosts[0]!.account('ana'))!;
      expect(sandbox.state.refreshTokens.get(saved.refreshToken)?.revoked, `run ${run}`).toBe(false);
      if (failures.length === 0) {
        expect(sandbox.state.accessTokens.get(saved.accessToken)!.expires_at).toBeGreaterThan(Date.now());
      }
    }
    // Only the run where the token endpoint stayed down failed; the next run refreshed and went on.
    expect(failedRuns).toEqual([20]);
    expect(refreshRuns).toContain(21);
    // Every other run refreshes (2 h tokens, hourly runs); the early revocation at 15 and the failed
    // refresh at 20 each start the rhythm again from that run.
    const range = (from: number, to: number) =>
      Array.from({ length: (to - from) / 2 + 1 }, (_, i) => from + 2 * i);
    expect(refreshRuns).toEqual([...range(2, 14), ...range(15, 19), 20, ...range(21, 47)]);
    // One refresher a run: 4 hosts never make 4 refreshes.
    const rotations = [...sandbox.state.refreshTokens.values()].filter((t) => t.revoked).length;
    expect(rotations).toBe(refreshRuns.length - 1); // run 20 rotated nothing
  } finally {
    await Promise.all(hosts.map((s) => s.close()));
    await plain.close();
    await sandbox.close();
  }
}

describe('2 h tokens and an hourly cron', () => {
  it('file store, four overlapping runs on one machine: one refresh every other run, never a lost rotation', async () => {
    const configDir = mkdtempSync(join(tmpdir(), 'agoras-2h-'));
    await cronDays(() => openStore({ configDir, namespace: 'config' }));
  }, 60_000);

  it.skipIf(Boolean(SKIP_REASON))(
    titled('four hosts on one Redis store: one refresher for all, 200-body errors and resets survived'),
    async () => {
      const url = server!.url;
      await cronDays(() => openStore({ url, insecure: true, namespace: 'config' }));
    },
    60_000,
  );
});
