import { describe, expect, it } from 'vitest';
import { demoScheduleRows } from '../../source/sandbox/sheets/demo-sheet.js';
import { dueRows } from '../../source/sources/schedule-due.js';
import { parseScheduleRows } from '../../source/sources/schedule-rows.js';

describe("the sandbox's demo sheet", () => {
  it('has a row due now, one later and one malformed, whatever the hour', () => {
    for (const now of [new Date(2026, 0, 1, 0, 10), new Date(2026, 11, 31, 22, 59), new Date()]) {
      const { rows, problems } = parseScheduleRows(demoScheduleRows(now));
      const { due, upcoming, late } = dueRows(rows, { now });
      expect(due.map((r) => r.job.title)).toEqual(['Sandbox demo: due now #agoras']);
      expect(upcoming.map((r) => r.job.title)).toEqual(['Sandbox demo: in three hours']);
      expect(late).toEqual([]);
      expect(problems.map((p) => p.rowNumber)).toEqual([4]);
      expect(problems[0]!.reason).toContain('tiktok_privacy_status "EVERYONE"');
    }
  });
});
