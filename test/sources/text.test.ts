import { describe, expect, test } from 'vitest';
import { cleanTitle, decodeEntities, decodeXml, truncateUtf16 } from '../../source/sources/text.js';

describe('feed text', () => {
  test('decodes numeric, hex and HTML named references; leaves unknown ones', () => {
    expect(decodeEntities('Caf&eacute; &amp; bar &#39;x&#x27; &nbsp;|&bogus; &#0;')).toBe(
      "Café & bar 'x' \u00a0|&bogus; &#0;",
    );
  });

  test('the XML scanner decodes XML references only; bare ampersands and HTML names stay for cleanTitle', () => {
    expect(decodeXml('A & B &eacute; &amp; &#39; &lt; &unknown; &#0; &#xZZ;')).toBe(
      "A & B &eacute; & ' < &unknown; &#0; &#xZZ;",
    );
  });

  test('cleanTitle drops tags, decodes twice-escaped text, collapses whitespace', () => {
    expect(cleanTitle('  Tom &amp;amp; <b>Jerry</b>\n\t new ')).toBe('Tom & Jerry new');
    expect(cleanTitle('I <3 feeds')).toBe('I <3 feeds');
  });

  test('truncateUtf16 never splits a surrogate pair', () => {
    expect(truncateUtf16('ab😀', 3)).toBe('ab');
    expect(truncateUtf16('ab😀', 4)).toBe('ab😀');
    expect(truncateUtf16('short', 90)).toBe('short');
  });
});
