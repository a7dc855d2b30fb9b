import { describe, expect, it } from 'vitest';
import { PUBLISH_FLAGS } from '../../source/cli/flags.js';
import { parseFlags } from '../../source/cli/parse-argv.js';
import { UsageError } from '../../source/shared/errors.js';

const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseFlags(argv, PUBLISH_FLAGS, env);

describe('parseFlags', () => {
  it('reads the seed command verbatim, quoted values and all', () => {
    const { values, positionals } = parse([
      'publish',
      '--network',
      'tiktok',
      '--action',
      'video',
      '--tiktok-username',
      'ana',
      '--tiktok-video-url',
      'https://example.com/v.mp4',
      '--tiktok-title',
      'My awesome video',
      '--tiktok-privacy-status',
      'SELF_ONLY',
    ]);
    expect(positionals).toEqual(['publish']);
    expect(values).toMatchObject({ network: 'tiktok', action: 'video', 'tiktok-title': 'My awesome video' });
  });

  it('accepts --x, --x=true|false, --x false and --no-x for booleans', () => {
    expect(parse(['--tiktok-allow-duet']).values['tiktok-allow-duet']).toBe(true);
    expect(parse(['--tiktok-allow-duet=false']).values['tiktok-allow-duet']).toBe(false);
    expect(parse(['--tiktok-allow-duet', 'false']).values['tiktok-allow-duet']).toBe(false);
    expect(parse(['--no-tiktok-allow-duet']).values['tiktok-allow-duet']).toBe(false);
    expect(() => parse(['--tiktok-allow-duet=maybe'])).toThrow(/must be true or false/);
  });

  it('falls back to the env twin, the flag winning, and marks both explicit', () => {
    const env = {
      TIKTOK_TITLE: 'from env',
      STATUS_IMAGE_URL_2: 'https://x/2.jpg',
      TIKTOK_ALLOW_STITCH: 'FALSE',
    };
    const { values, explicit } = parse(['--tiktok-title', 'from flag'], env);
    expect(values['tiktok-title']).toBe('from flag');
    expect(values['status-image-url-2']).toBe('https://x/2.jpg');
    expect(values['tiktok-allow-stitch']).toBe(false);
    expect(explicit.has('tiktok-allow-stitch')).toBe(true);
    expect(explicit.has('tiktok-allow-duet')).toBe(false);
  });

  it('names unknown flags and bad numbers as usage errors', () => {
    expect(() => parse(['--status-image-url-5', 'x'])).toThrow(UsageError);
    expect(() => parse(['--max-count', 'three'])).toThrow(/--max-count must be a non-negative number/);
    expect(() => parse(['--tiktok-title'])).toThrow(/needs a value/);
  });
});

describe('typed options', () => {
  it('types each flag by the table, and a misspelt flag name does not compile', () => {
    const { values } = parse(['--tiktok-title', 'Hi', '--max-count', '3', '--dry-run']);
    const title: string | undefined = values['tiktok-title'];
    const count: number | undefined = values['max-count'];
    const dry: boolean | undefined = values['dry-run'];
    expect([title, count, dry]).toEqual(['Hi', 3, true]);
    // `npm test` type-checks this file: if the misspelling ever compiled, tsc would fail here.
    // @ts-expect-error: 'tiktok-titel' is not a flag
    expect(values['tiktok-titel']).toBeUndefined();
    // @ts-expect-error: a number flag is not a string
    const wrong: string | undefined = values['max-count'];
    expect(wrong).toBe(3);
  });
});
