import { describe, expect, test } from 'vitest';
import { dueRows } from '../../source/sources/schedule-due.js';
import { parseScheduleRows, SCHEDULE_COLUMNS, type ScheduleRow } from '../../source/sources/schedule-rows.js';

const HEADER = [...SCHEDULE_COLUMNS];
const row = (overrides: Record<number, string> = {}, length = 12): string[] => {
  const cells = [
    'https://cdn.example.com/v.mp4',
    'My awesome TikTok video',
    'PUBLIC_TO_EVERYONE',
    'TRUE',
    'TRUE',
    'TRUE',
    'FALSE',
    'FALSE',
    'FALSE',
    '21-11-2022',
    '17',
    'draft',
  ];
  for (const [i, v] of Object.entries(overrides)) cells[Number(i)] = v;
  return cells.slice(0, length);
};

describe('parseScheduleRows', () => {
  test('the seed example becomes a VideoJob at 17:00 local on 21 November 2022', () => {
    const { rows, problems } = parseScheduleRows([HEADER, row()]);
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(1);
    const [r] = rows;
    expect(r?.rowNumber).toBe(2);
    expect(r?.scheduledAt.getTime()).toBe(new Date(2022, 10, 21, 17).getTime());
    expect(r?.status).toBe('draft');
    expect(r?.job).toEqual({
      kind: 'video',
      media: 'https://cdn.example.com/v.mp4',
      title: 'My awesome TikTok video',
      privacy: 'PUBLIC_TO_EVERYONE',
      allowComments: true,
      allowDuet: true,
      allowStitch: true,
      brand: { organic: false, content: false },
      source: 'upload',
      mode: 'direct',
      origin: { kind: 'sheet', key: 'row 2', label: 'My awesome TikTok video', rowNumber: 2 },
    });
  });

  test('05-11-2026 is the 5th of November, not May 11th', () => {
    const { rows } = parseScheduleRows([row({ 9: '05-11-2026', 10: '0' })]);
    const at = rows[0]!.scheduledAt;
    expect([at.getFullYear(), at.getMonth() + 1, at.getDate(), at.getHours()]).toEqual([2026, 11, 5, 0]);
    expect(parseScheduleRows([row({ 9: '5-1-2026', 10: '7' })]).rows[0]!.scheduledAt.getMonth()).toBe(0);
  });

  test('without a header the first row is row 1; blank rows are skipped but still counted', () => {
    const { rows, problems } = parseScheduleRows([row(), [], ['', '  '], row({ 1: 'Third' })]);
    expect(problems).toEqual([]);
    expect(rows.map((r) => r.rowNumber)).toEqual([1, 4]);
  });

  test('booleans are case-insensitive; empty cells take the seed defaults', () => {
    const { rows } = parseScheduleRows([row({ 3: 'false', 4: '', 5: 'False', 6: 'true', 7: '', 8: '' })]);
    const job = rows[0]!.job;
    expect([job.allowComments, job.allowDuet, job.allowStitch]).toEqual([false, true, false]);
    expect(job.brand).toEqual({ organic: true, content: false });
  });

  test('privacy and status are read case-insensitively; published rows parse too', () => {
    const { rows } = parseScheduleRows([row({ 2: ' self_only ', 11: 'Published' })]);
    expect(rows[0]!.job.privacy).toBe('SELF_ONLY');
    expect(rows[0]!.status).toBe('published');
  });

  test('source and mode come from the options', () => {
    const { rows } = parseScheduleRows([row()], { source: 'pull', mode: 'inbox' });
    expect(rows[0]!.job).toMatchObject({ source: 'pull', mode: 'inbox' });
  });

  test('malformed rows are problems with their row numbers, never guesses', () => {
    const values = [
      HEADER,
      row({ 9: '31-02-2026' }),
      row({ 9: '2026-11-05' }),
      row({ 10: '24' }),
      row({ 10: '17:00' }),
      row({ 2: 'PUBLIC' }),
      row({ 0: '' }),
      row({ 0: 'not a url' }),
      row({ 3: 'yes' }),
      row({}, 9),
      row({ 11: 'scheduled' }),
      row({ 1: '' }),
      row({ 8: '1' }),
      row(),
    ];
    const { rows, problems } = parseScheduleRows(values);
    expect(rows.map((r) => r.rowNumber)).toEqual([14]);
    expect(problems.map((p) => p.rowNumber)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    const messages = problems.map((p) => p.message);
    expect(messages[0]).toBe('row 2: date "31-02-2026" does not exist');
    expect(messages[1]).toMatch(/row 3: date "2026-11-05" is not DD-MM-YYYY/);
    expect(messages[2]).toMatch(/row 4: time "24"/);
    expect(messages[3]).toMatch(/row 5: time "17:00"/);
    expect(messages[4]).toMatch(/row 6: tiktok_privacy_status "PUBLIC"/);
    expect(messages[5]).toMatch(/row 7: tiktok_video_url is empty/);
    expect(messages[6]).toMatch(/row 8: .*not an http\(s\) URL/);
    expect(messages[7]).toMatch(/row 9: allow_comments must be TRUE or FALSE, got "yes"/);
    expect(messages[8]).toMatch(/row 10: date is empty/);
    expect(messages[9]).toMatch(/row 11: status "scheduled"/);
    expect(messages[10]).toMatch(/row 12: tiktok_title is empty/);
    expect(messages[11]).toMatch(/row 13: auto_add_music/);
  });

  test('the fingerprint follows content, not position or status', () => {
    const { rows } = parseScheduleRows([
      row(),
      row({ 11: 'published' }),
      row({ 1: 'Other title' }),
      row({ 10: '18' }),
      row({ 1: ' My awesome TikTok video ' }),
    ]);
    const [a, b, c, d, e] = rows.map((r) => r.fingerprint);
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(b).toBe(a);
    expect(e).toBe(a); // surrounding spaces are not content
    expect(new Set([a, c, d]).size).toBe(3);
  });
});

describe('dueRows', () => {
  const HOUR = 3_600_000;
  const start = new Date(2026, 10, 5, 17); // 17:00 local
  const { rows } = parseScheduleRows([
    row({ 1: 'past', 9: '05-11-2026', 10: '14' }),
    row({ 1: 'this hour', 9: '05-11-2026', 10: '17' }),
    row({ 1: 'next hour', 9: '05-11-2026', 10: '18' }),
    row({ 1: 'tomorrow', 9: '06-11-2026', 10: '17' }),
    row({ 1: 'already posted', 9: '05-11-2026', 10: '17', 11: 'published' }),
  ]);
  const titles = (list: ScheduleRow[]) => list.map((r) => r.job.title);

  test('at 17:30: this hour is due, 14:00 is late, later ones upcoming, published ignored', () => {
    const result = dueRows(rows, { now: new Date(start.getTime() + HOUR / 2), graceMs: HOUR });
    expect(titles(result.due)).toEqual(['this hour']);
    expect(titles(result.late)).toEqual(['past']);
    expect(titles(result.upcoming)).toEqual(['next hour', 'tomorrow']);
  });

  test('never early: one millisecond before the hour is upcoming, the hour itself is due', () => {
    expect(titles(dueRows(rows, { now: new Date(start.getTime() - 1) }).due)).toEqual([]);
    expect(titles(dueRows(rows, { now: start }).due)).toEqual(['this hour']);
  });

  test('the grace window: due until the hour has been over for graceMs, then late', () => {
    const grace = 30 * 60_000;
    const lastMoment = new Date(start.getTime() + HOUR + grace - 1);
    const over = new Date(start.getTime() + HOUR + grace);
    expect(titles(dueRows(rows, { now: lastMoment, graceMs: grace }).due)).toContain('this hour');
    expect(titles(dueRows(rows, { now: over, graceMs: grace }).late)).toContain('this hour');
    // Without grace the row is late as soon as its hour ends.
    expect(titles(dueRows(rows, { now: new Date(start.getTime() + HOUR), graceMs: 0 }).late)).toContain(
      'this hour',
    );
  });

  test('the default grace is one hour: a missed 17:00 run is caught up at 18:xx, not at 19:00', () => {
    const at1830 = dueRows(rows, { now: new Date(start.getTime() + 1.5 * HOUR) });
    expect(titles(at1830.due)).toEqual(['this hour', 'next hour']);
    const at1900 = dueRows(rows, { now: new Date(start.getTime() + 2 * HOUR) });
    expect(titles(at1900.late)).toEqual(['past', 'this hour']);
  });
});
