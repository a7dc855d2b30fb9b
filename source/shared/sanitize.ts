// The one sanitiser for text that came from outside (feeds, sheets, TikTok's messages): control
// characters never reach a terminal or a caption. One pass over the text, no regular expression.

const LF = 0x0a;
const TAB = 0x09;
const CR = 0x0d;

/** C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F): what terminals act on. */
export function isControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

/**
 * Invisible characters that change how text reads without showing: bidi embeddings, overrides,
 * isolates and marks (a Review could show another order than what is posted), the zero-width space,
 * the word joiner and a BOM. (ZWJ and ZWNJ stay: emoji and several scripts need them.)
 */
export function isHidden(code: number): boolean {
  return (
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069) ||
    code === 0x200e ||
    code === 0x200f ||
    code === 0x061c ||
    code === 0x200b ||
    code === 0x2060 ||
    code === 0xfeff
  );
}

function hasControl(text: string, hidden = false): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isControl(code) || (hidden && isHidden(code))) return true;
  }
  return false;
}

/** A visible stand-in: the Unicode control picture (ESC → ␛, LF → ␊, DEL → ␡), or � for C1. */
export function marker(code: number): string {
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return '\ufffd';
}

function map(text: string, replace: (code: number) => string | undefined, hidden = false): string {
  if (!hasControl(text, hidden)) return text;
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isControl(code) && !(hidden && isHidden(code))) continue;
    const next = replace(code);
    if (next === undefined) continue;
    out += text.slice(from, i) + next;
    from = i + 1;
  }
  return out + text.slice(from);
}

/**
 * For a terminal: every control character becomes a visible marker, so `ESC ] 0 ;` can neither
 * retitle the window nor clear the screen; a bidi control or zero-width character is shown as
 * `⟨U+202E⟩`, so what is shown reads as what is sent. A newline is kept only with `keepNewlines`.
 */
export function terminalSafe(text: string, options: { keepNewlines?: boolean } = {}): string {
  return map(
    text,
    (code) => {
      if (isHidden(code)) return `⟨U+${code.toString(16).toUpperCase().padStart(4, '0')}⟩`;
      return options.keepNewlines && code === LF ? undefined : marker(code);
    },
    true,
  );
}

/** True when the text shows something: not only spaces, control, format or blank-looking characters. */
export function hasVisibleText(text: string): boolean {
  return /[^\s\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u115f\u1160\u3164\uffa0\u2800]/u.test(text);
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
