import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const STORE = join(import.meta.dirname, '..', '..', 'source', 'store', 'store.ts');

// Two processes write the same config at once: one rotating an account's tokens, one recording
// posts. Neither may lose the other's writes (a lost refresh token logs the account out; a lost
// ledger entry posts twice).
function writer(dir: string, who: 'tokens' | 'ledger', n: number): Promise<number | null> {
  const script = `
    const { Store } = await import(${JSON.stringify(STORE)});
    const store = new Store({ configDir: ${JSON.stringify(dir)} });
    for (let i = 0; i < ${n}; i++) {
      if (${JSON.stringify(who)} === 'tokens') store.saveAccount({ username: 'shop', openId: 'o', clientKey: 'k',
        clientSecret: 'secret-xyz', accessToken: 'act.' + i, accessExpiresAt: 0, refreshToken: 'rft.' + i,
        refreshExpiresAt: 0, scopes: [], updatedAt: 0 });
      else store.recordPosted('feed:ana:' + i, { publishId: 'p' + i, at: 0, state: 'done' });
    }`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: 'inherit',
  });
  return new Promise((resolve) => child.on('close', resolve));
}

describe('config written by two processes at once', () => {
  it('keeps every rotated token and every ledger entry', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agoras-race-'));
    const codes = await Promise.all([writer(dir, 'tokens', 150), writer(dir, 'ledger', 150)]);
    expect(codes).toEqual([0, 0]);
    const data = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    expect(data.accounts.shop.refreshToken).toBe('rft.149');
    expect(Object.keys(data.ledger)).toHaveLength(150);
  });
});
