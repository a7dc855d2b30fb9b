import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { dueRows } from '../../source/sources/schedule-due.js';
import { parseScheduleRows } from '../../source/sources/schedule-rows.js';

// Node re-reads TZ when it is assigned, so this file runs its Dates in other zones.
const original = process.env.TZ;
afterAll(() => {
  if (original === undefined) delete process.env.TZ;
  else process.env.TZ = original;
});

const cells = (date: string, hour: string) => [
  'https://cdn.example.com/v.mp4',
  'title',
  'SELF_ONLY',
  '',
  '',
  '',
  '',
  '',
  '',
  date,
  hour,
  'draft',
];

describe('schedule times follow TZ', () => {
  describe('Asia/Kolkata (+05:30)', () => {
    beforeAll(() => {
      process.env.TZ = 'Asia/Kolkata';
    });
    test('17 on 05-11-2026 is 11:30 UTC', () => {
      const { rows } = parseScheduleRows([cells('05-11-2026', '17')]);
      expect(rows[0]!.scheduledAt.toISOString()).toBe('2026-11-05T11:30:00.000Z');
      expect(dueRows(rows, { now: new Date('2026-11-05T11:29:59Z') }).upcoming).toHaveLength(1);
      expect(dueRows(rows, { now: new Date('2026-11-05T11:30:00Z') }).due).toHaveLength(1);
    });
  });

  describe('America/New_York', () => {
    beforeAll(() => {
      process.env.TZ = 'America/New_York';
    });
    test('17 on 05-11-2026 (after DST ended) is 22:00 UTC; in July it is 21:00 UTC', () => {
      const { rows } = parseScheduleRows([cells('05-11-2026', '17'), cells('05-07-2026', '17')]);
      expect(rows.map((r) => r.scheduledAt.toISOString())).toEqual([
        '2026-11-05T22:00:00.000Z',
        '2026-07-05T21:00:00.000Z',
      ]);
    });
  });
});
