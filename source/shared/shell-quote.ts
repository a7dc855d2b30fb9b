/** A word as a POSIX shell reads it back unchanged: bare when it is plainly safe, else single-quoted. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./~-]+$/.test(word) && !word.startsWith('~')) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
