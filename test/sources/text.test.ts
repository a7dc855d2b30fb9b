import { describe, expect, test } from 'vitest';
import { cleanTitle, decodeEntities, repairXmlEntities, truncateUtf16 } from '../../source/sources/text.js';

describe('feed text', () => {
  test('decodes numeric, hex and HTML named references; leaves unknown ones', () => {
    expect(decodeEntities('Caf&eacute; &amp; bar &#39;x&#x27; &nbsp;|&bogus; &#0;')).toBe(
      "Café & bar 'x' \u00a0|&bogus; &#0;",
    );
  });

  test('repairs what a strict XML parser would reject, and nothing else', () => {
    expect(repairXmlEntities('A & B &eacute; &amp; &#39; &lt; &unknown;')).toBe(
      'A &amp; B &#233; &amp; &#39; &lt; &amp;unknown;',
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
