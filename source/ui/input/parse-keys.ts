import type { Key } from 'ink';

/** What one key press (or one paste) means, whatever bytes the terminal used for it. */
export type KeyName =
  | 'text'
  | 'paste'
  | 'return'
  /** Alt+Enter or Ctrl+J: a line break inside a multi-line field. */
  | 'newline'
  | 'escape'
  | 'tab'
  | 'backtab'
  | 'backspace'
  | 'delete'
  | 'left'
  | 'right'
  | 'up'
  | 'down'
  | 'home'
  | 'end'
  | 'pageup'
  | 'pagedown'
  | 'word-left'
  | 'word-right'
  /** Alt+Backspace: delete the word before the cursor (as Ctrl+W). */
  | 'word-backspace'
  /** Alt+D: delete the word after the cursor. */
  | 'word-delete'
  /** Ctrl+letter (the letter is in `input`). */
  | 'ctrl'
  /** Alt+character (the character is in `input`). */
  | 'alt'
  | 'unknown';

/** One key, with ink's Key flags so existing handlers read it as they read useInput's. */
export interface KeyPress {
  name: KeyName;
  /** The text typed or pasted; the letter of a Ctrl/Alt combination; '' otherwise. */
  input: string;
  key: Key;
}

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

const FLAGS: Partial<Record<KeyName, Partial<Key>>> = {
  return: { return: true },
  escape: { escape: true },
  tab: { tab: true },
  backtab: { tab: true, shift: true },
  backspace: { backspace: true },
  delete: { delete: true },
  left: { leftArrow: true },
  right: { rightArrow: true },
  up: { upArrow: true },
  down: { downArrow: true },
  home: { home: true },
  end: { end: true },
  pageup: { pageUp: true },
  pagedown: { pageDown: true },
  'word-left': { leftArrow: true, meta: true },
  'word-right': { rightArrow: true, meta: true },
  'word-backspace': { backspace: true, meta: true },
  'word-delete': { meta: true },
  ctrl: { ctrl: true },
  alt: { meta: true },
};

/** Builds a key press. */
export function keyPress(name: KeyName, input = ''): KeyPress {
  return { name, input, key: { ...NO_KEY, ...FLAGS[name] } };
}

const CSI_FINAL: Record<string, KeyName> = {
  A: 'up',
  B: 'down',
  C: 'right',
  D: 'left',
  H: 'home',
  F: 'end',
  Z: 'backtab',
};
const CSI_TILDE: Record<string, KeyName> = {
  '1': 'home',
  '7': 'home',
  '4': 'end',
  '8': 'end',
  '3': 'delete',
  '5': 'pageup',
  '6': 'pagedown',
};

/** ESC [ params final, ESC O final: arrows, Home/End, Delete, PgUp/PgDn, with modifiers. */
function escapeSequence(params: string, final: string): KeyPress {
  const [first = '', modifierText] = params.split(';');
  // xterm modifiers: 1 + (shift 1 | alt 2 | ctrl 4 | meta 8).
  const modifier = Math.max(0, Number(modifierText ?? 1) - 1);
  const wordwise = (modifier & (2 | 4 | 8)) !== 0;
  const name = final === '~' ? CSI_TILDE[first] : CSI_FINAL[final];
  if (!name) return keyPress('unknown');
  if (wordwise && name === 'left') return keyPress('word-left');
  if (wordwise && name === 'right') return keyPress('word-right');
  if ((modifier & 1) !== 0 && name === 'tab') return keyPress('backtab');
  return keyPress(name);
}

function controlKey(char: string): KeyPress | undefined {
  const code = char.charCodeAt(0);
  if (char === '\r') return keyPress('return');
  if (char === '\n') return keyPress('newline');
  if (char === '\t') return keyPress('tab');
  if (char === '\u007f' || char === '\b') return keyPress('backspace');
  if (code >= 1 && code <= 26) return keyPress('ctrl', String.fromCharCode(code + 96));
  return undefined; // NUL, Ctrl+\ and the like: nothing a field or a screen uses
}

function altKey(char: string): KeyPress {
  if (char === 'b' || char === 'B') return keyPress('word-left');
  if (char === 'f' || char === 'F') return keyPress('word-right');
  if (char === 'd' || char === 'D') return keyPress('word-delete');
  if (char === '\u007f' || char === '\b') return keyPress('word-backspace');
  if (char === '\r') return keyPress('newline');
  return keyPress('alt', char);
}

const PASTE_START = '\u001b[200~';
const PASTE_END = '\u001b[201~';
// ESC [ ... final, ESC O x, or ESC ESC [ ... (Alt+arrow in some terminals).
const SEQUENCE = /^\u001b(\u001b?)(?:\[([\d;]*)([A-Za-z~])|O([A-Za-z]))/;

/**
 * Turns the bytes of one read from the terminal into key presses, in order. A held key or keys
 * typed while the app was busy arrive together ("\x7f\x7f\x7f", "abc\x1b[D"): each is its own
 * press here. A run of printable characters is one text press (typing, or a paste).
 */
export function tokenize(data: string): KeyPress[] {
  const keys: KeyPress[] = [];
  let text = '';
  const flush = () => {
    if (text !== '') keys.push(keyPress('text', text));
    text = '';
  };
  let i = 0;
  while (i < data.length) {
    const char = data[i]!;
    if (char === '\u001b') {
      flush();
      const match = SEQUENCE.exec(data.slice(i));
      if (match) {
        const press = match[4] ? escapeSequence('', match[4]) : escapeSequence(match[2] ?? '', match[3]!);
        // ESC ESC [D: Alt+Left, as some terminals send it.
        const alted =
          match[1] && press.name === 'left'
            ? keyPress('word-left')
            : match[1] && press.name === 'right'
              ? keyPress('word-right')
              : press;
        keys.push(alted);
        i += match[0].length;
      } else if (i + 1 < data.length) {
        keys.push(data[i + 1] === '\u001b' ? keyPress('escape') : altKey(data[i + 1]!));
        i += 2;
      } else {
        keys.push(keyPress('escape'));
        i += 1;
      }
      continue;
    }
    const code = char.charCodeAt(0);
    if (code < 0x20 || code === 0x7f) {
      flush();
      const press = controlKey(char);
      if (press) keys.push(press);
      i += 1;
      continue;
    }
    text += char;
    i += 1;
  }
  flush();
  return keys;
}

/**
 * Reads the terminal's input as a stream of key presses. Only a bracketed paste (ESC[200~ …
 * ESC[201~, which the wizard asks the terminal for) is a paste: it may arrive over several reads,
 * and what is between the markers is one paste press, line breaks and all, never a series of Enters.
 */
export function createKeyReader(): (data: string) => KeyPress[] {
  let pasting: string | undefined;
  return (data) => {
    const keys: KeyPress[] = [];
    let rest = data;
    while (rest !== '') {
      if (pasting !== undefined) {
        const end = rest.indexOf(PASTE_END);
        if (end < 0) {
          pasting += rest;
          return keys;
        }
        const pasted = (pasting + rest.slice(0, end)).replace(/\r\n?/g, '\n');
        if (pasted !== '') keys.push(keyPress('paste', pasted));
        pasting = undefined;
        rest = rest.slice(end + PASTE_END.length);
        continue;
      }
      const start = rest.indexOf(PASTE_START);
      const before = start < 0 ? rest : rest.slice(0, start);
      // Outside a bracketed paste every Enter is a key: 'shop⏎mykey' in one read is a name, Enter, then
      // the next field's text (keys typed fast over SSH arrive so), never one value "shop mykey".
      keys.push(...tokenize(before));
      if (start < 0) return keys;
      pasting = '';
      rest = rest.slice(start + PASTE_START.length);
    }
    return keys;
  };
}

/** Keys that edit text in place; a run of them is applied without waiting for a render. */
export function isEditingKey(press: KeyPress): boolean {
  switch (press.name) {
    case 'text':
    case 'paste':
    case 'backspace':
    case 'delete':
    case 'left':
    case 'right':
    case 'home':
    case 'end':
    case 'word-left':
    case 'word-right':
    case 'word-backspace':
    case 'word-delete':
      return true;
    case 'ctrl':
      return 'aebfdhkuwy'.includes(press.input);
    default:
      return false;
  }
}
