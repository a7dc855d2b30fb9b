import { describe, expect, it } from 'vitest';
import { parseCoverTime } from '../../source/ui/post-options.js';

describe('the cover frame as typed', () => {
  it.each([
    ['1500', 1500],
    ['0:01.5', 1500],
    ['1:02', 62_000],
    ['0:00.025', 25],
    ['', undefined],
  ])('reads the cover frame %j as %j ms', (text, ms) => {
    expect(parseCoverTime(text)).toBe(ms);
  });
});
