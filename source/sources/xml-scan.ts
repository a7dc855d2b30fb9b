// A small, non-validating XML scanner for feeds: one pass with indexOf, no regular expression, no
// tree. Only what the handler asks for is copied out (as slices of the document), so a 20 MiB
// document costs little more than itself whatever its shape, and declared entities (a DOCTYPE's
// internal subset) are never expanded.
import { remoteText } from '../shared/sanitize.js';
import { decodeXml } from './text.js';

/** Thrown for a document that is not well-formed XML; its message is one line. */
export class XmlError extends Error {}

/** Elements nested deeper than this are refused (no feed nests more than a dozen). */
export const MAX_DEPTH = 256;

export interface ScanHandler {
  /**
   * An element opens. Return the attribute names to read (their values are decoded), or undefined
   * to skip its attributes without copying them.
   */
  open(name: string, depth: number): readonly string[] | undefined;
  /** The attributes asked for by `open`, read from the same tag (a value over maxAttr is left out). */
  attributes?(values: Record<string, string>): void;
  close(name: string, depth: number): void;
  /** Whether text at this depth is wanted; if not, `text` is not called for it. */
  wantsText(depth: number): boolean;
  /** Text inside the current element: `raw` is undecoded unless `cdata`. */
  text(xml: string, start: number, end: number, cdata: boolean): void;
}

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;

function lineOf(xml: string, at: number): number {
  let line = 1;
  for (let i = xml.indexOf('\n'); i !== -1 && i < at; i = xml.indexOf('\n', i + 1)) line++;
  return line;
}

/** Scans a whole document, calling the handler; throws XmlError when it is not well-formed. */
export function scanXml(xml: string, handler: ScanHandler, maxAttr: number): void {
  const stack: string[] = [];
  let seenRoot = false;
  let i = 0;
  const n = xml.length;
  const fail = (what: string, at: number): never => {
    throw new XmlError(`${remoteText(what, 120)} on line ${lineOf(xml, at)}`);
  };
  const endOf = (token: string, from: number, what: string) => {
    const at = xml.indexOf(token, from);
    if (at === -1) fail(`unterminated ${what}`, from);
    return at;
  };
  const text = (start: number, end: number, cdata: boolean) => {
    if (stack.length === 0) {
      for (let k = start; k < end; k++) {
        if (!isSpace(xml.charCodeAt(k))) fail('text outside the root element', k);
      }
      return;
    }
    if (handler.wantsText(stack.length)) handler.text(xml, start, end, cdata);
  };
  while (i < n) {
    const lt = xml.indexOf('<', i);
    if (lt === -1) {
      text(i, n, false);
      break;
    }
    if (lt > i) text(i, lt, false);
    if (xml.startsWith('<!--', lt)) {
      i = endOf('-->', lt + 4, 'comment') + 3;
    } else if (xml.startsWith('<![CDATA[', lt)) {
      const end = endOf(']]>', lt + 9, 'CDATA section');
      if (stack.length === 0) fail('CDATA outside the root element', lt);
      text(lt + 9, end, true);
      i = end + 3;
    } else if (xml.startsWith('<?', lt)) {
      i = endOf('?>', lt + 2, 'processing instruction') + 2;
    } else if (xml.startsWith('<!', lt)) {
      i = skipDeclaration(xml, lt, fail);
    } else if (xml.charCodeAt(lt + 1) === 0x2f) {
      const { name, end } = readName(xml, lt + 2, fail);
      let k = end;
      while (k < n && isSpace(xml.charCodeAt(k))) k++;
      if (xml.charCodeAt(k) !== 0x3e) fail(`malformed closing tag </${name}>`, lt);
      const open = stack.pop();
      if (open !== name) fail(open ? `</${name}> closes <${open}>` : `unexpected </${name}>`, lt);
      handler.close(name, stack.length + 1);
      i = k + 1;
    } else {
      const { name, end } = readName(xml, lt + 1, fail);
      if (stack.length === 0 && seenRoot) fail('a second root element', lt);
      seenRoot = true;
      if (stack.length >= MAX_DEPTH) fail(`elements nested deeper than ${MAX_DEPTH}`, lt);
      const wanted = handler.open(name, stack.length + 1);
      const tag = readAttributes(xml, end, wanted, maxAttr, fail);
      if (wanted) handler.attributes?.(tag.values);
      if (tag.selfClosing) handler.close(name, stack.length + 1);
      else stack.push(name);
      i = tag.end;
    }
  }
  if (!seenRoot) fail('no root element', n);
  if (stack.length) fail(`<${stack.at(-1)}> is never closed`, n);
}

function readName(xml: string, from: number, fail: (what: string, at: number) => never) {
  let k = from;
  for (; k < xml.length; k++) {
    const c = xml.charCodeAt(k);
    if (isSpace(c) || c === 0x3e || c === 0x2f || c === 0x3d || c === 0x3c) break;
  }
  if (k === from) fail('a tag without a name', from);
  return { name: xml.slice(from, k), end: k };
}

/** Reads a tag's attributes up to `>` or `/>`; only the wanted ones are sliced out and decoded. */
function readAttributes(
  xml: string,
  from: number,
  wanted: readonly string[] | undefined,
  maxAttr: number,
  fail: (what: string, at: number) => never,
): { end: number; selfClosing: boolean; values: Record<string, string> } {
  const values: Record<string, string> = {};
  let k = from;
  for (;;) {
    const before = k;
    while (k < xml.length && isSpace(xml.charCodeAt(k))) k++;
    const c = xml.charCodeAt(k);
    if (Number.isNaN(c)) fail('unterminated tag', from);
    if (c === 0x3e) return { end: k + 1, selfClosing: false, values };
    if (c === 0x2f) {
      if (xml.charCodeAt(k + 1) !== 0x3e) fail('stray / in a tag', k);
      return { end: k + 2, selfClosing: true, values };
    }
    if (k === before) fail('attributes without a space between them', k);
    const { name, end } = readName(xml, k, fail);
    k = end;
    while (k < xml.length && isSpace(xml.charCodeAt(k))) k++;
    if (xml.charCodeAt(k) !== 0x3d) fail(`attribute ${name} without a value`, k);
    k++;
    while (k < xml.length && isSpace(xml.charCodeAt(k))) k++;
    const quote = xml.charCodeAt(k);
    if (quote !== 0x22 && quote !== 0x27) fail(`attribute ${name} is not quoted`, k);
    const close = xml.indexOf(quote === 0x22 ? '"' : "'", k + 1);
    if (close === -1) fail(`attribute ${name} is never closed`, k);
    if (wanted?.includes(name) && !(name in values) && close - k - 1 <= maxAttr) {
      values[name] = decodeXml(xml.slice(k + 1, close));
    }
    k = close + 1;
  }
}

/** Skips `<!DOCTYPE …>` (an internal subset `[…]` included, never applied) or another `<!…>`. */
function skipDeclaration(xml: string, lt: number, fail: (what: string, at: number) => never): number {
  const gt = xml.indexOf('>', lt);
  if (gt === -1) fail('unterminated declaration', lt);
  let bracket = lt;
  while (bracket < gt && xml.charCodeAt(bracket) !== 0x5b) bracket++;
  if (bracket === gt) return gt + 1;
  const close = xml.indexOf(']', bracket);
  if (close === -1) fail('unterminated DOCTYPE', lt);
  const end = xml.indexOf('>', close);
  if (end === -1) fail('unterminated DOCTYPE', lt);
  return end + 1;
}
