import { describe, expect, it } from 'vitest';
import { resolveCommandLine } from '../../source/cli/command-line.js';
import { PUBLISH_FLAGS, type Scope } from '../../source/cli/flags.js';
import { UsageError } from '../../source/shared/errors.js';

const ACTIONS: Scope[] = ['authorize', 'video', 'post', 'last-from-feed', 'random-from-feed', 'schedule'];
const COMMANDS: Scope[] = ['accounts', 'status', 'history', 'store'];

/** argv giving `flag` a value of its type, for the scope (an action of publish, or a command). */
function argvFor(scope: Scope, flag: (typeof PUBLISH_FLAGS)[number]): string[] {
  const value = flag.type === 'boolean' ? [] : flag.type === 'number' ? ['3'] : ['x'];
  const head = ACTIONS.includes(scope) ? ['publish', '--network', 'tiktok', '--action', scope] : [scope];
  return [...head, `--${flag.name}`, ...value];
}

/** The flags that steer the command line itself, refused or allowed by their own rules. */
const STEERING = new Set(['network', 'action', 'help', 'version', 'mode', 'platform']);

describe('every flag is honoured where it belongs and refused everywhere else (exit 2)', () => {
  for (const scope of [...ACTIONS, ...COMMANDS]) {
    const foreign = PUBLISH_FLAGS.filter((f) => !f.scope.includes(scope) && !STEERING.has(f.name));
    const own = PUBLISH_FLAGS.filter((f) => f.scope.includes(scope) && !STEERING.has(f.name));
    it(`${scope}: ${foreign.length} foreign flags refused, ${own.length} own flags taken`, () => {
      expect(foreign.length + own.length).toBeGreaterThan(10);
      for (const flag of foreign) {
        let error: unknown;
        try {
          resolveCommandLine(argvFor(scope, flag), {});
        } catch (caught) {
          error = caught;
        }
        expect(error, `--${flag.name} on ${scope}`).toBeInstanceOf(UsageError);
        expect((error as UsageError).exitCode).toBe(2);
        expect((error as Error).message).toContain(`--${flag.name} does not apply to`);
      }
      for (const flag of own) {
        const line = resolveCommandLine(argvFor(scope, flag), {});
        expect(line.args.onCommandLine.has(flag.name), `--${flag.name} on ${scope}`).toBe(true);
      }
    });
  }

  it('a foreign env twin is dropped, not used, and listed for --debug', () => {
    const line = resolveCommandLine(['publish', '--network', 'tiktok', '--action', 'post'], {
      TIKTOK_VIDEO_URL: 'clip.mp4',
      TIKTOK_TITLE: 'kept',
    });
    expect(line.args.values['tiktok-video-url']).toBeUndefined();
    expect(line.args.values['tiktok-title']).toBe('kept');
    expect(line.ignoredEnv).toEqual([
      'TIKTOK_VIDEO_URL (--tiktok-video-url does not apply to --action post)',
    ]);
  });
});

describe("Agoras' spellings", () => {
  const video = ['publish', '-n', 'tiktok', '-a', 'video'];

  it('short flags with a separate or an = value, booleans with a separate true/false', () => {
    const { args } = resolveCommandLine(
      [...video, '-tu=ana', '-tt', 'Hi', '--tiktok-allow-duet', 'false'],
      {},
    );
    expect(args.values).toMatchObject({
      'tiktok-username': 'ana',
      'tiktok-title': 'Hi',
      'tiktok-allow-duet': false,
    });
  });

  it('one flag under two names with two values is refused, not one of them picked', () => {
    expect(() => resolveCommandLine([...video, '-tt', 'A', '--tiktok-title', 'B'], {})).toThrow(
      /same flag, given twice/,
    );
  });

  it("the seed's and Agoras' env names for one flag: either works, two different values are refused", () => {
    const env = { TIKTOK_BRAND_ORGANIC: 'true' };
    expect(resolveCommandLine(video, env).args.values['brand-organic']).toBe(true);
    expect(() => resolveCommandLine(video, { ...env, BRAND_ORGANIC: 'false' })).toThrow(/different values/);
    expect(resolveCommandLine(video, { ...env, BRAND_ORGANIC: 'yes' }).args.values['brand-organic']).toBe(
      true,
    );
  });

  it('platform-first forms become the seed command; --mode only in agoras utils', () => {
    expect(resolveCommandLine(['tiktok', 'authorize', '--username', 'ana'], {}).scope).toBe('authorize');
    expect(resolveCommandLine(['utils', 'feed-publish', '--mode', 'random'], {}).scope).toBe(
      'random-from-feed',
    );
    expect(resolveCommandLine(['utils', 'schedule-run', '--sheets-id', 'x'], {}).scope).toBe('schedule');
    expect(resolveCommandLine(['utils', 'tokens', 'list'], {}).command).toBe('accounts');
    expect(() => resolveCommandLine([...video, '--mode', 'last'], {})).toThrow(
      /belongs to Agoras' agoras utils/,
    );
    expect(() => resolveCommandLine(['utils', 'feed-publish'], {})).toThrow(/needs --mode last or random/);
    expect(() => resolveCommandLine(['tiktok', 'like'], {})).toThrow(/Unknown TikTok action 'like'/);
  });

  it("-l is Agoras' --loglevel", () => {
    const line = resolveCommandLine(['accounts', '-l', 'DEBUG'], {});
    expect(line.args.values.loglevel).toBe('DEBUG');
  });
});
