import { terminalSafe } from './sanitize.js';

/** A word as one POSIX shell word, for a command that is run: single-quoted, its quotes escaped. */
export function shellWord(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * A word as a POSIX shell reads it back unchanged, for a command that is shown: bare when it is
 * plainly safe, else single-quoted. Control, bidi and zero-width characters are shown as markers
 * (the one sanitiser), so a suggested command can neither act on the terminal nor hide part of itself.
 */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./~-]+$/.test(word) && !word.startsWith('~')) return word;
  return shellWord(terminalSafe(word));
}
