// The guard in front of rss-parser. rss-parser builds the whole document as objects (xml2js over
// sax), and some shapes cost far more than their bytes there: sax grows an attribute value one
// character at a time (about 32 bytes of memory per character until the value is used), and every
// element and every level of nesting is an object of its own. This one pass over the text measures
// those three things, copies nothing, and refuses a feed past any limit before rss-parser sees it.
// It reads no content: rss-parser remains the only thing that parses the feed.
import { UsageError } from '../shared/errors.js';

/** Deeper than any feed nests (an Atom entry with XHTML content is a dozen levels or so). */
export const MAX_DEPTH = 256;
/** Elements in one feed: a 3 000-episode podcast feed has about 60 000. */
export const MAX_ELEMENTS = 250_000;
/** Characters in attribute values, all told: enclosure and image URLs of a large feed need ~1 MB. */
export const MAX_ATTRIBUTE_CHARS = 2 * 1024 * 1024;

export interface FeedShape {
  elements: number;
  maxDepth: number;
  attributeChars: number;
}

function refuse(what: string): never {
  throw new UsageError(`The feed has ${what}; agoras reads feeds up to that (see "Feeds" in the README).`);
}

/** Skips a declaration (`<!DOCTYPE …>`, an internal subset `[…]` included); returns where it ends. */
function declarationEnd(xml: string, lt: number): number {
  const gt = xml.indexOf('>', lt);
  const bracket = xml.indexOf('[', lt);
  if (bracket === -1 || gt === -1 || bracket > gt) return gt;
  const close = xml.indexOf(']', bracket);
  return close === -1 ? -1 : xml.indexOf('>', close);
}

/**
 * Measures a feed's elements, nesting and attribute characters in one pass (comments, CDATA,
 * processing instructions and declarations are skipped whole) and throws a UsageError naming the
 * limit a feed goes past. Malformed text is left for rss-parser to report.
 */
export function checkFeedShape(xml: string): FeedShape {
  let elements = 0;
  let depth = 0;
  let maxDepth = 0;
  let attributeChars = 0;
  let at = 0;
  // The last character of a section that ends with `token`, or -1 when it never ends.
  const last = (token: string, from: number) => {
    const found = xml.indexOf(token, from);
    return found === -1 ? -1 : found + token.length - 1;
  };
  for (;;) {
    const lt = xml.indexOf('<', at);
    if (lt === -1) break;
    const next = xml.charCodeAt(lt + 1);
    let end: number;
    if (xml.startsWith('<!--', lt)) end = last('-->', lt + 4);
    else if (xml.startsWith('<![CDATA[', lt)) end = last(']]>', lt + 9);
    else if (next === 0x3f /* ? */) end = last('?>', lt + 2);
    else if (next === 0x21 /* ! */) end = declarationEnd(xml, lt);
    else if (next === 0x2f /* / */) {
      depth--;
      end = xml.indexOf('>', lt);
    } else {
      if (++elements > MAX_ELEMENTS) refuse(`more than ${MAX_ELEMENTS} elements`);
      // The tag runs to the first `>` outside a quoted value; quoted characters are counted.
      let k = lt + 1;
      let quote = 0;
      let quoteStart = 0;
      for (; k < xml.length; k++) {
        const c = xml.charCodeAt(k);
        if (quote) {
          if (c !== quote) continue;
          attributeChars += k - quoteStart - 1;
          quote = 0;
        } else if (c === 0x22 || c === 0x27) {
          quote = c;
          quoteStart = k;
        } else if (c === 0x3e) break;
      }
      if (quote) attributeChars += k - quoteStart - 1;
      if (attributeChars > MAX_ATTRIBUTE_CHARS) {
        refuse(`more than ${MAX_ATTRIBUTE_CHARS / 1024 / 1024} MiB of attribute values`);
      }
      if (xml.charCodeAt(k - 1) !== 0x2f /* / */) {
        depth++;
        if (depth > maxDepth) maxDepth = depth;
        if (depth > MAX_DEPTH) refuse(`elements nested deeper than ${MAX_DEPTH}`);
      }
      end = k;
    }
    if (end < lt) break; // unterminated: rss-parser says where
    at = end + 1;
  }
  return { elements, maxDepth, attributeChars };
}
