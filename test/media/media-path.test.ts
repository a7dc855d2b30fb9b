import { describe, expect, it } from 'vitest';
import { expandHome, normalizeMediaInput } from '../../source/media/media-path.js';

const home = '/home/ana';
const posix = (input: string) => normalizeMediaInput(input, { home, posix: true });

describe('paths as people type, paste or drop them', () => {
  it.each([
    ['~ and ~/', '~/clip.mp4', '/home/ana/clip.mp4'],
    ['~ alone', '~', '/home/ana'],
    [
      'a drag-and-dropped path: quoted, with a trailing space',
      "'/home/ana/my clip.mp4' ",
      '/home/ana/my clip.mp4',
    ],
    ['double quotes', '"/tmp/my clip.mp4"', '/tmp/my clip.mp4'],
    ['an escaped quote inside double quotes', '"/tmp/say \\"hi\\".mp4"', '/tmp/say "hi".mp4'],
    ["a quote inside single quotes, the shell's way", "'/tmp/it'\\''s.mp4'", "/tmp/it's.mp4"],
    ['backslash-escaped spaces', 'my\\ clip.mp4', 'my clip.mp4'],
    ['escaped brackets and spaces from a file manager', '/tmp/clip\\ \\(1\\).mp4', '/tmp/clip (1).mp4'],
    ['a file:// URL, percent-decoded', 'file:///tmp/my%20clip.mp4', '/tmp/my clip.mp4'],
    ['a quoted file:// URL with a line break after it', "'file:///tmp/a.mp4'\n", '/tmp/a.mp4'],
    ['spaces around a plain path', '  ./clip.mp4  ', './clip.mp4'],
    ['a quoted ~ stays as typed in quotes but is expanded', "'~/my clip.mp4'", '/home/ana/my clip.mp4'],
  ])('%s', (_name, input, expected) => {
    expect(posix(input)).toBe(expected);
  });

  it('leaves http(s) URLs alone but trims them', () => {
    expect(posix(' https://cdn.test/a%20b.mp4?x=1\\y ')).toBe('https://cdn.test/a%20b.mp4?x=1\\y');
  });

  it('keeps backslashes where they separate (Windows)', () => {
    expect(normalizeMediaInput('C:\\clips\\a.mp4', { home, posix: true })).toBe('C:\\clips\\a.mp4');
    expect(normalizeMediaInput('clips\\a.mp4', { home: 'C:\\Users\\ana', posix: false })).toBe(
      'clips\\a.mp4',
    );
    expect(normalizeMediaInput('~\\a.mp4', { home: 'C:\\Users\\ana', posix: false })).toBe(
      'C:\\Users\\ana\\a.mp4',
    );
  });
});

describe('expandHome: the one ~ expansion (flags, variables, the wizard, the prompt)', () => {
  it.each([
    ['~/clips/run.mp4', '/home/ana/clips/run.mp4'],
    ['~', '/home/ana'],
    ['~bob/clip.mp4', '~bob/clip.mp4'], // another user's home is not guessed
    ['./~/clip.mp4', './~/clip.mp4'], // only a leading ~
    ['https://cdn.test/~/a.mp4', 'https://cdn.test/~/a.mp4'],
  ])('%s → %s', (input, expected) => {
    expect(expandHome(input, home)).toBe(expected);
  });
});
