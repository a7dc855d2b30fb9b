// Feed text from outside, made safe: titles cleaned as a browser would read them, and a document's
// character references made acceptable to a strict XML parser. Feeds escape titles inconsistently:
// CDATA blocks keep entities literal, Atom `type="html"` titles are escaped twice, and HTML named
// entities (&eacute;) are not XML entities at all. Everything here is linear in the text: nothing
// can backtrack.
import { captionSafe } from '../shared/sanitize.js';

// HTML names for U+00A0..U+00FF, in code-point order.
const LATIN1 =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 ' +
  'acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde ' +
  'Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute ' +
  'Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde ' +
  'auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ' +
  'ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml';

const NAMED: Record<string, number> = {
  amp: 38,
  lt: 60,
  gt: 62,
  quot: 34,
  apos: 39,
  OElig: 338,
  oelig: 339,
  Scaron: 352,
  scaron: 353,
  Yuml: 376,
  ensp: 8194,
  emsp: 8195,
  thinsp: 8201,
  zwnj: 8204,
  zwj: 8205,
  ndash: 8211,
  mdash: 8212,
  lsquo: 8216,
  rsquo: 8217,
  sbquo: 8218,
  ldquo: 8220,
  rdquo: 8221,
  bdquo: 8222,
  dagger: 8224,
  Dagger: 8225,
  bull: 8226,
  hellip: 8230,
  prime: 8242,
  lsaquo: 8249,
  rsaquo: 8250,
  euro: 8364,
  trade: 8482,
  larr: 8592,
  rarr: 8594,
  hearts: 9829,
};
LATIN1.split(' ').forEach((name, i) => {
  NAMED[name] = 0xa0 + i;
});

function codePoint(n: number): string | undefined {
  return Number.isInteger(n) && n > 0 && n <= 0x10ffff && (n < 0xd800 || n > 0xdfff)
    ? String.fromCodePoint(n)
    : undefined;
}

/** The longest reference we look at (`&#x10FFFF;`, `&thetasym;`): a longer run is no reference. */
const MAX_REF = 12;

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const isLetter = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/** The text a reference at `at` (just past its `&`) stands for, and where it ends; undefined if none. */
function reference(
  text: string,
  at: number,
  names: Record<string, number>,
): { value: string; end: number } | undefined {
  let semi = at;
  const last = Math.min(text.length, at + MAX_REF + 1);
  while (semi < last && text.charCodeAt(semi) !== 0x3b) semi++;
  if (semi === last || semi === at) return undefined;
  const body = text.slice(at, semi);
  let value: string | undefined;
  if (body.charCodeAt(0) === 0x23) {
    const hex = body[1] === 'x' || body[1] === 'X';
    const digits = body.slice(hex ? 2 : 1);
    if (digits === '') return undefined;
    for (let i = 0; i < digits.length; i++) {
      if (!(hex ? isHex : isDigit)(digits.charCodeAt(i))) return undefined;
    }
    value = codePoint(Number.parseInt(digits, hex ? 16 : 10));
  } else {
    if (!isLetter(body.charCodeAt(0))) return undefined;
    for (let i = 1; i < body.length; i++) {
      const c = body.charCodeAt(i);
      if (!isLetter(c) && !isDigit(c)) return undefined;
    }
    const n = names[body];
    value = n === undefined ? undefined : String.fromCodePoint(n);
  }
  return value === undefined ? undefined : { value, end: semi + 1 };
}

/**
 * Decodes HTML character references (&amp; &#39; &#x27; &eacute;); unknown ones stay as written.
 * One pass; a reference is at most MAX_REF long, so the work is linear in the text.
 */
export function decodeEntities(text: string): string {
  return decodeWith(text, NAMED);
}

function decodeWith(text: string, names: Record<string, number>): string {
  let amp = text.indexOf('&');
  if (amp === -1) return text;
  let out = '';
  let from = 0;
  while (amp !== -1) {
    const ref = reference(text, amp + 1, names);
    if (ref) {
      out += text.slice(from, amp) + ref.value;
      from = ref.end;
    }
    amp = text.indexOf('&', ref ? ref.end : amp + 1);
  }
  return out + text.slice(from);
}

/** True when the text still holds a reference decodeEntities would decode (a double-escaped title). */
function hasReference(text: string): boolean {
  for (let amp = text.indexOf('&'); amp !== -1; amp = text.indexOf('&', amp + 1)) {
    if (reference(text, amp + 1, NAMED)) return true;
  }
  return false;
}

/**
 * Replaces tags (`<b>`, `</a>`, `<img src=…>`: a `<` then a letter or `/`+letter, up to the next
 * `>`) with a space. Linear: once no `>` is left, no later `<` can close a tag either.
 */
function stripTags(text: string): string {
  let out = '';
  let from = 0;
  let lt = text.indexOf('<');
  while (lt !== -1) {
    const first = text.charCodeAt(lt + 1);
    const letter = isLetter(first) || (first === 0x2f && isLetter(text.charCodeAt(lt + 2)));
    if (!letter) {
      lt = text.indexOf('<', lt + 1);
      continue;
    }
    const gt = text.indexOf('>', lt);
    if (gt === -1) break;
    out += `${text.slice(from, lt)} `;
    from = gt + 1;
    lt = text.indexOf('<', from);
  }
  return out + text.slice(from);
}

/**
 * How much of a raw title is read: TikTok keeps 2200 characters, and tags and entities rarely
 * more than triple a text, so anything past this could never reach the caption.
 */
export const RAW_TITLE_MAX = 8 * 2200;

/**
 * A title as a person would read it: cut to RAW_TITLE_MAX before anything else, entities decoded,
 * tags dropped, control characters gone, whitespace collapsed. Linear in RAW_TITLE_MAX at most.
 */
export function cleanTitle(raw: string): string {
  // Decode twice at most: `&amp;eacute;` (double-escaped) is common, triple is not.
  let text = decodeEntities(stripTags(truncateUtf16(raw, RAW_TITLE_MAX)));
  if (hasReference(text)) text = decodeEntities(text);
  // `\s+` is a single class with nothing after it: it cannot backtrack.
  return captionSafe(text).replace(/\s+/g, ' ').trim();
}

/** Cuts text to at most `max` UTF-16 units without splitting a surrogate pair. */
export function truncateUtf16(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end);
}

const XML_BUILTIN = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/** XML 1.0's Char production: what a numeric reference may stand for. */
function isXmlChar(n: number): boolean {
  return (
    n === 0x9 ||
    n === 0xa ||
    n === 0xd ||
    (n >= 0x20 && n <= 0xd7ff) ||
    (n >= 0xe000 && n <= 0xfffd) ||
    (n >= 0x10000 && n <= 0x10ffff)
  );
}

/** What a reference at `at` (just past its `&`) becomes for a strict parser, and where it ends. */
function repaired(text: string, at: number): { value: string; end: number } {
  let semi = at;
  const last = Math.min(text.length, at + MAX_REF + 1);
  while (semi < last && text.charCodeAt(semi) !== 0x3b) semi++;
  const bare = { value: '&amp;', end: at };
  if (semi === last || semi === at) return bare;
  const body = text.slice(at, semi);
  if (XML_BUILTIN.has(body)) return { value: `&${body};`, end: semi + 1 };
  const ref = reference(text, at, NAMED);
  if (!ref) return bare;
  const n = ref.value.codePointAt(0)!;
  // A reference to a control character (&#27;) stays as written, for the sanitiser to drop.
  if (!isXmlChar(n)) return bare;
  return { value: `&#${n};`, end: ref.end };
}

/**
 * Makes a feed's character references acceptable to a strict XML parser, outside CDATA sections
 * (whose text is literal): XML's five stay, HTML names (&eacute;) and valid numeric references
 * become numeric references, and anything else (a bare `&`, an unknown name, a reference to a
 * control character) is escaped so it stays as written. One "Tom & Jerry" title does not sink the
 * whole feed, and nothing a DOCTYPE declares is ever expanded: its names are unknown here.
 */
export function repairReferences(xml: string): string {
  const blocks: string[] = [];
  let parts: string[] = [];
  let from = 0;
  let at = 0;
  let cdata = xml.indexOf('<![CDATA[');
  for (;;) {
    const amp = xml.indexOf('&', at);
    if (amp === -1) break;
    if (cdata !== -1 && cdata < amp) {
      const end = xml.indexOf(']]>', cdata + 9);
      if (end === -1) break;
      at = end + 3;
      cdata = xml.indexOf('<![CDATA[', at);
      continue;
    }
    const { value, end } = repaired(xml, amp + 1);
    at = Math.max(end, amp + 1);
    if (end > amp + 1 && xml.startsWith(value, amp)) continue; // already what a strict parser takes
    parts.push(xml.slice(from, amp), value);
    from = Math.max(end, amp + 1);
    // Joined in blocks so a document of a million bare `&` costs its size, not a million strings.
    if (parts.length >= 4096) {
      blocks.push(parts.join(''));
      parts = [];
    }
  }
  if (blocks.length === 0 && parts.length === 0) return xml;
  blocks.push(parts.join(''), xml.slice(from));
  return blocks.join('');
}
