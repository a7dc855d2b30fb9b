import { terminalSafe } from './sanitize.js';

/**
 * A word as a POSIX shell reads it back unchanged: bare when it is plainly safe, else single-quoted.
 * Control, bidi and zero-width characters are shown as markers (the one sanitiser), so a suggested
 * command can neither act on the terminal nor hide part of itself.
 */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./~-]+$/.test(word) && !word.startsWith('~')) return word;
  return `'${terminalSafe(word).replaceAll("'", `'\\''`)}'`;
}
