import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Session } from '../../source/auth/session.js';
import { UsageError } from '../../source/shared/errors.js';
import { FileStateStore } from '../../source/store/file-store.js';
import { Store } from '../../source/store/store.js';
import { createHarness, type Harness } from '../core/harness.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'agoras-store-'));
let h: Harness | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await h?.close();
  h = undefined;
});

describe('Store', () => {
  it('tightens a config dir and file that existed with looser modes', () => {
    const dir = join(tempDir(), 'cfg');
    mkdirSync(dir, { mode: 0o755 });
    writeFileSync(join(dir, 'config.json'), '{"version":1,"accounts":{},"ledger":{}}', { mode: 0o644 });
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'config.json'), 0o644);
    new Store({ configDir: dir });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'config.json')).mode & 0o777).toBe(0o600);
  });

  it('never wipes a corrupt config: it is moved aside with a timestamp and a clear error', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'config.json'), '{"version":1,"accounts":{"ana":');
    const error = (() => {
      try {
        new Store({ configDir: dir });
      } catch (e) {
        return e as UsageError;
      }
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect(error?.message).toMatch(/not valid JSON; it was moved to .*config\.json\.corrupt-/);
    const kept = readdirSync(dir).find((n) => n.startsWith('config.json.corrupt-'))!;
    expect(readFileSync(join(dir, kept), 'utf8')).toBe('{"version":1,"accounts":{"ana":');
  });

  it('refuses a config from a future version and leaves it untouched', () => {
    const dir = tempDir();
    const text = '{"version":99,"accounts":{},"ledger":{},"newThing":true}';
    writeFileSync(join(dir, 'config.json'), text);
    expect(() => new Store({ configDir: dir })).toThrow(/written by a newer agoras/);
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toBe(text);
  });
});

describe('refresh-token rotation when the config write fails', () => {
  it('keeps the rotated token in a rescue file; the next run uses it and never needs the old one', async () => {
    h = await createHarness();
    const old = h.store.file.account('ana')!;
    vi.spyOn(Conf.prototype, 'set').mockImplementationOnce(() => {
      throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    });
    const fresh = await h.session.refresh();
    expect(fresh).not.toBe(old.accessToken);
    expect(h.sandbox.state.refreshTokens.get(old.refreshToken)?.revoked).toBe(true);
    vi.restoreAllMocks();
    // A new process: reads the config (which missed the write) plus the rescue file.
    const next = new FileStateStore({ configDir: h.dir });
    const saved = next.file.account('ana')!;
    expect(saved.refreshToken).not.toBe(old.refreshToken);
    expect(readdirSync(h.dir).some((n) => n.includes('rescue'))).toBe(false);
    const session = new Session(next, 'ana', h.sandbox.urls.tiktokApiBaseUrl, h.http);
    await expect(session.refresh()).resolves.toMatch(/^act\./);
  });
});
