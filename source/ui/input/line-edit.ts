import type { KeyPress } from './parse-keys.js';

/** A text field's value, the cursor within it (in UTF-16 units) and the last text cut. */
export interface EditState {
  value: string;
  cursor: number;
  /** What Ctrl+U/K/W last removed; Ctrl+Y puts it back, as readline does. */
  killed: string;
}

export interface EditOptions {
  /** A multi-line field (a description) keeps line breaks; a one-line field makes them spaces. */
  multiline?: boolean;
}

/** The start state for a value, cursor at its end. */
export function editState(value: string): EditState {
  return { value, cursor: value.length, killed: '' };
}

/** What typed or pasted text becomes in a field: no control characters, line breaks per kind. */
export function cleanInput(text: string, options: EditOptions = {}): string {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\t/g, ' ');
  const kept = options.multiline ? lines : lines.replace(/\n+$/, '').replace(/\n/g, ' ');
  return kept.replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '');
}

const WORD = /[\p{L}\p{N}_]/u;

/** Where the word before the cursor starts (readline's backward-word). */
export function wordStart(value: string, cursor: number): number {
  let i = cursor;
  while (i > 0 && !WORD.test(value[i - 1]!)) i--;
  while (i > 0 && WORD.test(value[i - 1]!)) i--;
  return i;
}

/** Where the word after the cursor ends (readline's forward-word). */
export function wordEnd(value: string, cursor: number): number {
  let i = cursor;
  while (i < value.length && !WORD.test(value[i]!)) i++;
  while (i < value.length && WORD.test(value[i]!)) i++;
  return i;
}

/** Ctrl+W: the whitespace-separated word before the cursor, as readline's unix-word-rubout. */
function rubOutStart(value: string, cursor: number): number {
  let i = cursor;
  while (i > 0 && /\s/.test(value[i - 1]!)) i--;
  while (i > 0 && !/\s/.test(value[i - 1]!)) i--;
  return i;
}

/** A surrogate pair is one character: the cursor never lands between its halves. */
function stepBack(value: string, cursor: number): number {
  if (cursor <= 0) return 0;
  const low = value.charCodeAt(cursor - 1);
  const high = value.charCodeAt(cursor - 2);
  return low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff ? cursor - 2 : cursor - 1;
}

function stepForward(value: string, cursor: number): number {
  if (cursor >= value.length) return value.length;
  const high = value.charCodeAt(cursor);
  return high >= 0xd800 && high <= 0xdbff && cursor + 1 < value.length ? cursor + 2 : cursor + 1;
}

/** Start and end of the line the cursor is on (the whole value in a one-line field). */
function lineBounds(value: string, cursor: number): [number, number] {
  const start = value.lastIndexOf('\n', cursor - 1) + 1;
  const newline = value.indexOf('\n', cursor);
  return [start, newline < 0 ? value.length : newline];
}

/** Removes [from, to); a kill (Ctrl+U/K/W, Alt+D) keeps the text for Ctrl+Y, a character does not. */
function cut(state: EditState, from: number, to: number, kill = false): EditState {
  if (from === to) return state;
  return {
    value: state.value.slice(0, from) + state.value.slice(to),
    cursor: from,
    killed: kill ? state.value.slice(from, to) : state.killed,
  };
}

function insert(state: EditState, text: string): EditState {
  if (text === '') return state;
  const { value, cursor } = state;
  return {
    ...state,
    value: value.slice(0, cursor) + text + value.slice(cursor),
    cursor: cursor + text.length,
  };
}

const at = (state: EditState, cursor: number): EditState => ({ ...state, cursor });

/**
 * Applies one key to a field as readline would. Keys that do not edit (Enter, ↑/↓, Esc) leave
 * it as it is: they belong to the screen.
 */
export function applyKey(state: EditState, press: KeyPress, options: EditOptions = {}): EditState {
  const { value, cursor } = state;
  const [lineStart, lineEnd] = lineBounds(value, cursor);
  switch (press.name) {
    case 'text':
    case 'paste':
      return insert(state, cleanInput(press.input, options));
    case 'newline':
      return options.multiline ? insert(state, '\n') : state;
    case 'backspace':
      return cut(state, stepBack(value, cursor), cursor);
    case 'delete':
      return cut(state, cursor, stepForward(value, cursor));
    case 'left':
      return at(state, stepBack(value, cursor));
    case 'right':
      return at(state, stepForward(value, cursor));
    case 'home':
      return at(state, lineStart);
    case 'end':
      return at(state, lineEnd);
    case 'word-left':
      return at(state, wordStart(value, cursor));
    case 'word-right':
      return at(state, wordEnd(value, cursor));
    case 'word-backspace':
      return cut(state, wordStart(value, cursor), cursor, true);
    case 'word-delete':
      return cut(state, cursor, wordEnd(value, cursor), true);
    case 'ctrl':
      switch (press.input) {
        case 'a':
          return at(state, lineStart);
        case 'e':
          return at(state, lineEnd);
        case 'b':
          return at(state, stepBack(value, cursor));
        case 'f':
          return at(state, stepForward(value, cursor));
        case 'd':
          return cut(state, cursor, stepForward(value, cursor));
        case 'u':
          return cut(state, lineStart, cursor, true);
        case 'k':
          return cut(state, cursor, lineEnd, true);
        case 'w':
          return cut(state, rubOutStart(value, cursor), cursor, true);
        case 'y':
          return insert(state, state.killed);
        default:
          return state;
      }
    default:
      return state;
  }
}
