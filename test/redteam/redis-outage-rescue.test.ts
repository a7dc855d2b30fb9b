import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Session, tokenFields } from '../../source/auth/session.js';
import { startSandbox } from '../../source/sandbox/index.js';
import { createHttp } from '../../source/shared/http.js';
import { RedisStateStore } from '../../source/store/redis/state.js';
import { authorizeSandbox } from '../sandbox/helpers.js';
import { newKey } from '../store/redis/helpers.js';
import { SKIP_REASON, startRedisServer, titled } from '../store/redis/redis-server.js';

/**
 * Redis goes away during a refresh and stays away longer than the run retries (30 s by default; a
 * small value here): TikTok already retired the old refresh token, so the new one is kept on this
 * host (0600, sealed with the store key) and the run goes on; the next run hands it to the store.
 */
describe.skipIf(SKIP_REASON)(titled('a Redis outage longer than the retries during a refresh'), () => {
  it('keeps the rotated token in a sealed 0600 file, and the next run stores and uses it', async () => {
    const redis = await startRedisServer({ persist: true });
    const sandbox = await startSandbox({ statusDelayMs: 20 });
    const http = createHttp({ retryBaseMs: 10, timeoutMs: 10_000 });
    const dir = mkdtempSync(join(tmpdir(), 'agoras-rescue-'));
    const key = newKey();
    const options = {
      namespace: 'config' as const,
      key,
      rescueDir: () => dir,
      rotationKeepMs: 300,
      connectTimeoutMs: 1000,
    };
    const store = await RedisStateStore.open(redis.url, options);
    try {
      const tokens = await authorizeSandbox(sandbox);
      await store.saveAccount({
        username: 'ana',
        clientKey: sandbox.clientKey,
        clientSecret: sandbox.clientSecret,
        ...tokenFields(tokens, Date.now()),
        accessExpiresAt: Date.now() - 1000,
        updatedAt: Date.now(),
        generation: 3,
      });
      sandbox.faults.add({ endpoint: 'token', action: 'delay', delayMs: 600 });
      const refreshed = new Session(store, 'ana', sandbox.urls.tiktokApiBaseUrl, http).accessToken();
      while (!sandbox.faults.hits.some((h) => h.endpoint === 'token'))
        await new Promise((r) => setTimeout(r, 5));
      await redis.kill(); // and it stays down past the retries
      const token = await refreshed;
      expect(sandbox.state.refreshTokens.get(tokens.refresh_token)?.revoked).toBe(true); // the old one is dead

      const files = readdirSync(dir);
      expect(files).toHaveLength(1);
      expect(files[0]).not.toContain('ana'); // a hash, never the account name, in the path
      const path = join(dir, files[0]!);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      const text = readFileSync(path, 'utf8');
      expect(text).not.toMatch(/act\.|rft\.|sandbox-client-secret/);
      expect(text).not.toContain(token);

      // The next run, once Redis is back: the kept login goes to the store and the file goes.
      await redis.restart();
      const next = await RedisStateStore.open(redis.url, options);
      const saved = await next.account('ana');
      await next.close();
      expect(saved?.accessToken).toBe(token);
      expect(saved?.generation).toBe(4);
      expect(sandbox.state.refreshTokens.get(saved!.refreshToken)?.revoked).toBe(false); // the kept one works
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      await store.close().catch(() => {});
      await http.close();
      await sandbox.close();
      await redis.stop();
    }
  }, 30_000);
});
