import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../source/sandbox/index.js';
import { DEMO_CLIP_PATH, demoClip } from '../../source/sandbox/sheets/demo-clip.js';
import { demoScheduleRows } from '../../source/sandbox/sheets/demo-sheet.js';
import { dueRows } from '../../source/sources/schedule-due.js';
import { parseScheduleRows } from '../../source/sources/schedule-rows.js';

const CLIP = 'http://127.0.0.1:1/__sandbox/demo/clip.mp4';

describe("the sandbox's demo sheet", () => {
  it('has a row due now and one later, whatever the hour, and nothing malformed', () => {
    for (const now of [new Date(2026, 0, 1, 0, 10), new Date(2026, 11, 31, 22, 59), new Date()]) {
      const { rows, problems } = parseScheduleRows(demoScheduleRows(CLIP, now));
      const { due, upcoming, late } = dueRows(rows, { now });
      expect(due.map((r) => r.job.title)).toEqual(['Sandbox demo: due now #agoras']);
      expect(upcoming.map((r) => r.job.title)).toEqual(['Sandbox demo: in three hours']);
      expect(late).toEqual([]);
      expect(problems).toEqual([]);
    }
  });

  it('the embedded clip is the committed fixture', () => {
    expect(demoClip().equals(readFileSync(join(import.meta.dirname, '../fixtures/demo-clip.mp4')))).toBe(
      true,
    );
  });
});

describe('the demo media, served by the sandbox on 127.0.0.1 (no internet)', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  it('the rows name the clip on the sandbox itself, which serves it whole and by range', async () => {
    const rows = sandbox.sheets.sheets.rows('sandbox-demo', 'Schedule');
    const url = `${sandbox.urls.baseUrl}${DEMO_CLIP_PATH}`;
    expect(rows.slice(1).map((row) => row[0])).toEqual([url, url]);
    const whole = await request(url);
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['content-type']).toBe('video/mp4');
    expect(Buffer.from(await whole.body.arrayBuffer()).equals(demoClip())).toBe(true);
    const part = await request(url, { headers: { range: 'bytes=0-99' } });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 0-99/${demoClip().length}`);
    expect((await part.body.arrayBuffer()).byteLength).toBe(100);
  });
});
