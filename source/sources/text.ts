// Text clean-up for feed titles. Feeds escape titles inconsistently: CDATA blocks keep entities
// literal, Atom `type="html"` titles are escaped twice, and HTML named entities (&eacute;) are not
// XML entities at all. We decode what a browser would, and nothing more.

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

const XML_BUILTIN = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

function codePoint(n: number): string | undefined {
  return Number.isInteger(n) && n > 0 && n <= 0x10ffff && (n < 0xd800 || n > 0xdfff)
    ? String.fromCodePoint(n)
    : undefined;
}

/** Decodes HTML character references (&amp; &#39; &#x27; &eacute;); unknown ones stay as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const hex = ref[1] === 'x' || ref[1] === 'X';
      return codePoint(Number.parseInt(ref.slice(hex ? 2 : 1), hex ? 16 : 10)) ?? whole;
    }
    const n = NAMED[ref];
    return n === undefined ? whole : String.fromCodePoint(n);
  });
}

/**
 * Makes messy XML acceptable to a strict parser: HTML named entities become numeric references
 * and a bare `&` becomes `&amp;`, so one "Tom & Jerry" title does not sink the whole feed.
 */
export function repairXmlEntities(xml: string): string {
  return xml.replace(/&(#x[0-9a-f]+;|#\d+;|([a-z][a-z0-9]*);)?/gi, (whole, ref?: string, name?: string) => {
    if (ref === undefined) return '&amp;';
    if (name === undefined || XML_BUILTIN.has(name)) return whole;
    const n = NAMED[name];
    return n === undefined ? `&amp;${name};` : `&#${n};`;
  });
}

/** A title as a person would read it: entities decoded, tags dropped, whitespace collapsed. */
export function cleanTitle(raw: string): string {
  // Decode twice at most: `&amp;eacute;` (double-escaped) is common, triple is not.
  let text = decodeEntities(raw.replace(/<\/?[a-z][^>]*>/gi, ' '));
  if (/&(#x?[0-9a-f]+|[a-z][a-z0-9]*);/i.test(text)) text = decodeEntities(text);
  return text.replace(/\s+/g, ' ').trim();
}

/** Cuts text to at most `max` UTF-16 units without splitting a surrogate pair. */
export function truncateUtf16(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end);
}
