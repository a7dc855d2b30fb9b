import { describe, expect, it } from 'vitest';
import { visibleRows } from '../../source/ui/components/text-window.js';

describe('a long field value on screen', () => {
  it('a long value shows the rows around the cursor, with … where more is hidden', () => {
    const text = 'abcdefghij'.repeat(10); // 100 characters, rows of 9 at width 10
    const end = visibleRows(text, text.length, 10, 3);
    expect(end.map((r) => r.text)).toEqual(['…cdefghij', 'abcdefghi', 'j']);
    expect(end[2]!.cursor).toBe(1);
    const start = visibleRows(text, 0, 10, 3);
    expect(start.map((r) => r.text)).toEqual(['abcdefghi', 'jabcdefgh', 'ijabcdef…']);
    expect(start[0]!.cursor).toBe(0);
    expect(visibleRows('one\ntwo', 5, 20, 4)).toEqual([{ text: 'one' }, { text: 'two', cursor: 1 }]);
  });
});
