// The one sanitiser for text that came from outside (feeds, sheets, TikTok's messages): control
// characters never reach a terminal or a caption. One pass over the text, no regular expression.

const LF = 0x0a;
const TAB = 0x09;
const CR = 0x0d;

/** C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F): what terminals act on. */
export function isControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (isControl(text.charCodeAt(i))) return true;
  return false;
}

/** A visible stand-in: the Unicode control picture (ESC → ␛, LF → ␊, DEL → ␡), or � for C1. */
export function marker(code: number): string {
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return '\ufffd';
}

function map(text: string, replace: (code: number) => string | undefined): string {
  if (!hasControl(text)) return text;
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isControl(code)) continue;
    const next = replace(code);
    if (next === undefined) continue;
    out += text.slice(from, i) + next;
    from = i + 1;
  }
  return out + text.slice(from);
}

/**
 * For a terminal: every control character becomes a visible marker, so `ESC ] 0 ;` can neither
 * retitle the window nor clear the screen. A newline is kept only with `keepNewlines`.
 */
export function terminalSafe(text: string, options: { keepNewlines?: boolean } = {}): string {
  return map(text, (code) => (options.keepNewlines && code === LF ? undefined : marker(code)));
}

/**
 * For TikTok: control characters are dropped, tabs and line breaks become spaces (kept as a newline
 * with `keepNewlines`, as TikTok keeps them in descriptions; a CR of CRLF goes).
 */
export function captionSafe(text: string, options: { keepNewlines?: boolean } = {}): string {
  return map(text, (code) => {
    if (code === LF) return options.keepNewlines ? undefined : ' ';
    if (code === CR) return options.keepNewlines ? '' : ' ';
    if (code === TAB) return ' ';
    return '';
  });
}

/** Text a server sent that a message quotes: one line, control characters visible, at most `max`. */
export function remoteText(text: string, max = 300): string {
  const cut = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return terminalSafe(cut);
}

/**
 * One word of a command line a user may copy into a POSIX shell: left as is when it holds only
 * characters no shell treats specially, else single-quoted (a quote inside becomes '\''). Control
 * characters are shown as markers too, so the suggestion can neither run nor hide anything.
 */
export function shellWord(word: string): string {
  // `~` expands only at the start of a word: inside one (TikTok's publish IDs) it is plain.
  if (/^[\w@%+=:,./-][\w@%+=:,./~-]*$/.test(word)) return word;
  return `'${terminalSafe(word).replaceAll("'", "'\\''")}'`;
}
