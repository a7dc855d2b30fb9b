import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../source/shared/errors.js';
import {
  checkSecretPolicy,
  isSealed,
  maskUrl,
  openSecret,
  parseStoreKey,
  parseStoreUrl,
  sealSecret,
  storeKeyFromEnv,
} from '../../../source/store/redis/index.js';

function usageError(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    expect((error as UsageError).message).not.toContain('\n');
    return error as UsageError;
  }
  throw new Error('expected a UsageError');
}

describe('parseStoreUrl', () => {
  it('reads file: and redis:// / rediss:// URLs', () => {
    expect(parseStoreUrl('file:')).toEqual({ kind: 'file' });
    expect(parseStoreUrl(' file:// ')).toEqual({ kind: 'file' });
    expect(parseStoreUrl('redis://127.0.0.1:6380/2')).toEqual({
      kind: 'redis',
      url: 'redis://127.0.0.1:6380/2',
      display: 'redis://127.0.0.1:6380/2',
      tls: false,
      host: '127.0.0.1',
      port: 6380,
      db: 2,
    });
    expect(parseStoreUrl('rediss://agoras:s3cr%40t@redis.internal:6390/0')).toMatchObject({
      kind: 'redis',
      url: 'rediss://agoras:s3cr%40t@redis.internal:6390/0',
      display: 'rediss://agoras:••••@redis.internal:6390/0',
      tls: true,
      host: 'redis.internal',
      port: 6390,
      db: 0,
    });
    // Port and database may be left out (6379, 0); a password alone is Redis' default user.
    expect(parseStoreUrl('redis://:pw@localhost')).toMatchObject({
      display: 'redis://:••••@localhost:6379/0',
      port: 6379,
      db: 0,
    });
    expect(parseStoreUrl('redis://[::1]:7000/')).toMatchObject({ host: '::1', port: 7000, db: 0 });
  });

  it('refuses anything else with one line naming what is wrong, never the password', () => {
    const cases: [string, RegExp][] = [
      ['', /is empty/],
      ['file:/tmp/x', /takes no path/],
      ['http://h:1/0', /scheme 'http:'/],
      ['valkey://h:1/0', /scheme 'valkey:'/],
      ['redis:h', /no host/],
      ['redis://h:1/zero', /'\/zero' where a database number belongs/],
      ['redis://h:1/0?tls=1', /query or fragment/],
      ['redis://ana@h:1/0', /user name but no password/],
      ['redis://h:0/0', /invalid port/],
      ['redis://u:hunter2@h:99999/0', /is not a URL/],
      ['not a url', /is not a URL/],
    ];
    for (const [text, why] of cases) {
      const error = usageError(() => parseStoreUrl(text));
      expect(error.message).toMatch(why);
      expect(error.message).not.toContain('hunter2');
    }
    const secret = usageError(() => parseStoreUrl('redis://u:hunter2@h:1/x'));
    expect(secret.message).toContain("'redis://u:••••@h:1/x'");
  });

  it('masks passwords in any URL-like text, even with @ or : inside', () => {
    expect(maskUrl('redis://u:p@ss:w@rd@h:1/0')).toBe('redis://u:••••@h:1/0');
    expect(maskUrl('redis://lonepassword@h')).toBe('redis://••••@h');
    expect(maskUrl('redis://h:1/0')).toBe('redis://h:1/0');
  });
});

describe('store key', () => {
  it('reads 32 bytes of base64 (standard or URL-safe) and nothing else', () => {
    const raw = randomBytes(32);
    expect(parseStoreKey(raw.toString('base64')).equals(raw)).toBe(true);
    expect(parseStoreKey(raw.toString('base64url')).equals(raw)).toBe(true);
    expect(storeKeyFromEnv({ AGORAS_STORE_KEY: ` ${raw.toString('base64')}\n` })?.equals(raw)).toBe(true);
    expect(storeKeyFromEnv({})).toBeUndefined();
    expect(usageError(() => parseStoreKey(randomBytes(16).toString('base64'))).message).toMatch(
      /must be 32 bytes.*it has 16/,
    );
    expect(usageError(() => parseStoreKey(randomBytes(33).toString('base64'))).message).toMatch(/it has 33/);
    const notBase64 = 'this is not base64 at all!';
    expect(usageError(() => parseStoreKey(notBase64)).message).toMatch(/not base64/);
    expect(usageError(() => storeKeyFromEnv({ AGORAS_STORE_KEY: notBase64 })).message).not.toContain(
      notBase64,
    );
  });
});

describe('sealing secrets (AES-256-GCM)', () => {
  const key = randomBytes(32);
  const token = 'rft.a-rotating-refresh-token-✓';

  it('round-trips, with a fresh IV each time and nothing of the secret visible', () => {
    const a = sealSecret(token, key, 'account/ana/refreshToken');
    const b = sealSecret(token, key, 'account/ana/refreshToken');
    expect(a).toMatch(/^v1:[\w-]{16}:[\w-]{22}:[\w-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('rft.');
    expect(isSealed(a)).toBe(true);
    expect(isSealed(token)).toBe(false);
    expect(openSecret(a, key, 'account/ana/refreshToken')).toBe(token);
    expect(openSecret(sealSecret('', key), key)).toBe('');
  });

  it('detects tampering, a wrong key, another context and an unknown version', () => {
    const sealed = sealSecret(token, key, 'account/ana/refreshToken');
    const [v, iv, tag, body] = sealed.split(':') as [string, string, string, string];
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    for (const altered of [
      [v, iv, tag, flip(body)].join(':'),
      [v, iv, flip(tag), body].join(':'),
      [v, flip(iv), tag, body].join(':'),
    ]) {
      expect(usageError(() => openSecret(altered, key, 'account/ana/refreshToken')).message).toMatch(
        /does not open/,
      );
    }
    expect(usageError(() => openSecret(sealed, randomBytes(32), 'account/ana/refreshToken')).message).toMatch(
      /does not open/,
    );
    // Moved to another account or field, it no longer opens (the context is authenticated).
    usageError(() => openSecret(sealed, key, 'account/bob/refreshToken'));
    usageError(() => openSecret(sealed, key, 'account/ana/accessToken'));
    expect(usageError(() => openSecret(`v2:${sealed.slice(3)}`, key)).message).toMatch(/newer agoras/);
    expect(usageError(() => openSecret('v1:short', key)).message).toMatch(/not a sealed value/);
    expect(() => sealSecret(token, randomBytes(16))).toThrow(UsageError);
  });
});

describe('the plain-text policy', () => {
  it('refuses tokens over plain redis:// without a key, unless allowed explicitly', () => {
    const refusal = checkSecretPolicy({ tls: false, key: undefined, insecure: false });
    expect(refusal).toBeInstanceOf(UsageError);
    expect(refusal?.exitCode).toBe(2);
    expect(refusal?.message).toMatch(/not encrypted and no store key is set/);
    expect(refusal?.fix).toEqual({ kind: 'store-secrets' });
    expect(checkSecretPolicy({ tls: true, key: undefined, insecure: false })).toBeUndefined();
    expect(checkSecretPolicy({ tls: false, key: randomBytes(32), insecure: false })).toBeUndefined();
    expect(checkSecretPolicy({ tls: false, key: undefined, insecure: true })).toBeUndefined();
  });
});

describe('start-up cost', () => {
  it('loads node-redis only inside connectRedis (one dynamic import, no static one)', () => {
    const dir = join(import.meta.dirname, '../../../source/store/redis');
    const loads = readdirSync(dir).flatMap((name) => {
      const text = readFileSync(join(dir, name), 'utf8');
      return [...text.matchAll(/(?:import|from)\s*\(?\s*['"](redis|@redis\/[^'"]+)['"]/g)].map(
        (m) => `${name}: ${m[0]}`,
      );
    });
    expect(loads).toEqual(["connect.ts: import('redis'"]);
  });
});
