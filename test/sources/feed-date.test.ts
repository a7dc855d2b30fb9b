import { afterAll, describe, expect, it } from 'vitest';
import { parseFeedDate } from '../../source/sources/feed-entry.js';

const original = process.env.TZ;
afterAll(() => {
  process.env.TZ = original;
});

describe('feed dates without a zone', () => {
  it.each(['America/New_York', 'Asia/Tokyo'])('are read as UTC whatever the machine zone (%s)', (zone) => {
    process.env.TZ = zone;
    for (const raw of ['2024-05-01 10:00:00', 'May 1, 2024 10:00', '2024-05-01T10:00']) {
      expect(parseFeedDate(raw)?.toISOString(), raw).toBe('2024-05-01T10:00:00.000Z');
    }
    expect(parseFeedDate('May 1, 2024')?.toISOString()).toBe('2024-05-01T00:00:00.000Z');
    expect(parseFeedDate('Wed, 01 May 2024 10:00:00 +0530')?.toISOString()).toBe('2024-05-01T04:30:00.000Z');
    expect(parseFeedDate('Wed, 01 May 2024 10:00:00 IST')).toBeUndefined();
  });
});
