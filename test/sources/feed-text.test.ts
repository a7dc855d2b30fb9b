import { describe, expect, test } from 'vitest';
import {
  cleanTitle,
  decodeEntities,
  repairReferences,
  truncateUtf16,
} from '../../source/sources/feed-text.js';

describe('feed text', () => {
  test('decodes numeric, hex and HTML named references; leaves unknown ones', () => {
    expect(decodeEntities('Caf&eacute; &amp; bar &#39;x&#x27; &nbsp;|&bogus; &#0;')).toBe(
      "Café & bar 'x' \u00a0|&bogus; &#0;",
    );
  });

  test('references are made acceptable to a strict parser; CDATA is left as written', () => {
    expect(repairReferences('A & B &eacute; &amp; &#39; &#x27; &lt; &unknown; &#0; &#27; &#xZZ;')).toBe(
      'A &amp; B &#233; &amp; &#39; &#39; &lt; &amp;unknown; &amp;#0; &amp;#27; &amp;#xZZ;',
    );
    // &nbsp; is as long as its numeric form: still replaced (XML has no &nbsp;).
    expect(repairReferences('a&nbsp;b')).toBe('a&#160;b');
    expect(repairReferences('<t><![CDATA[x & &eacute;]]> & </t>')).toBe(
      '<t><![CDATA[x & &eacute;]]> &amp; </t>',
    );
    const clean = '<rss>&lt;a&gt;</rss>';
    expect(repairReferences(clean)).toBe(clean);
  });

  test('a million bare ampersands are repaired in one pass', () => {
    expect(repairReferences('&'.repeat(1_000_000))).toBe('&amp;'.repeat(1_000_000));
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
