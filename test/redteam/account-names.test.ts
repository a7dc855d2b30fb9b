import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../source/shared/errors.js';
import { checkAccountName } from '../../source/shared/names.js';
import { FileStateStore } from '../../source/store/file-store.js';
import { PostRecords } from '../../source/store/post-records.js';
import { runCli, tempConfigDir } from '../e2e/cli.js';

/**
 * Account names (and IDs) become directories, keys and words in commands: `..`, `/`, a newline or
 * a control character are refused at the door, and a path is built only from checked parts.
 */
const BAD = [
  '..',
  '.',
  'a/b',
  '../x',
  'a\\b',
  'a\nb',
  'ana\x1b]52;c;eA==\x07',
  'a:b',
  '-x',
  ' x',
  '\u202eana',
  '',
];

const record = (publishId: string) => ({
  publishId,
  username: 'x',
  at: Date.now(),
  kind: 'video' as const,
  title: 't',
  media: '/v.mp4',
  settings: 's',
});

describe('account names at the door', () => {
  it('the rule: ordinary names pass, anything that walks or hides is refused with one line', () => {
    for (const name of ['ana', 'sandbox.creator', 'my shop', 'Zoë_2', 'ana@work+1'])
      expect(checkAccountName(name)).toBe(name);
    for (const name of BAD) {
      const error = (() => {
        try {
          checkAccountName(name);
        } catch (e) {
          return e;
        }
      })();
      expect(error, JSON.stringify(name)).toBeInstanceOf(UsageError);
      expect((error as Error).message).not.toMatch(/[\n\x1b]/);
    }
  });

  it("an account named '..' can neither write into the config dir's parent nor chmod it", () => {
    const base = mkdtempSync(join(tmpdir(), 'agoras-names-'));
    const configDir = join(base, 'cfg');
    mkdirSync(configDir);
    writeFileSync(join(configDir, 'config.json'), '{"accounts":{"ana":{}}}');
    const modeBefore = statSync(base).mode & 0o777;
    const root = join(configDir, 'config.posts');
    expect(() => new PostRecords(root, '..').save(record('config'))).toThrow(UsageError);
    expect(readFileSync(join(configDir, 'config.json'), 'utf8')).toBe('{"accounts":{"ana":{}}}');
    expect(statSync(base).mode & 0o777).toBe(modeBefore);
    // A publish ID is a file name only when it is one of TikTok's: never '..' or a path.
    const records = new PostRecords(root, 'ana');
    for (const id of ['..', '../../config', 'a/b']) expect(() => records.read(id)).toThrow(UsageError);
    expect(existsSync(join(base, 'config.json'))).toBe(false);
  });

  it('the stores refuse to save an account under such a name', async () => {
    const store = new FileStateStore({ configDir: tempConfigDir() });
    for (const name of BAD) {
      await expect(
        store.saveAccount({
          username: name,
          openId: 'o',
          clientKey: 'k',
          clientSecret: 's',
          accessToken: 'act.x',
          accessExpiresAt: 1,
          refreshToken: 'rft.x',
          refreshExpiresAt: 1,
          scopes: [],
          updatedAt: 0,
        }),
      ).rejects.toThrow(UsageError);
    }
    expect(await store.accounts()).toEqual({});
  });

  it('the command line: --tiktok-username .. is exit 2 with one line, nothing written', async () => {
    const dir = tempConfigDir();
    const run = await runCli(
      [
        'publish',
        '--network',
        'tiktok',
        '--action',
        'video',
        '--tiktok-username',
        '..',
        '--tiktok-video-url',
        join(import.meta.dirname, '../fixtures/sample.mp4'),
        ...['--tiktok-title', 'x', '--tiktok-privacy-status', 'SELF_ONLY'],
      ],
      { AGORAS_CONFIG_DIR: dir, TIKTOK_CLIENT_KEY: 'k', TIKTOK_CLIENT_SECRET: 's' },
    );
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/account name "\.\." is not allowed/);
    expect(readdirSync(dir).filter((n) => n.includes('posts'))).toEqual([]);
  });
});
