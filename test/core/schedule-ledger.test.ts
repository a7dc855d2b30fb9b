import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowKey, runSchedule } from '../../source/core/run-schedule.js';
import { silentReporter } from '../../source/shared/reporter.js';
import { parseScheduleRows } from '../../source/sources/schedule-rows.js';
import { createHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

function rowAt(date: Date): string[] {
  const dd = String(date.getDate()).padStart(2, '0');
  const mm = String(date.getMonth() + 1).padStart(2, '0');
  return [
    'https://example.com/v.mp4',
    'Late one',
    'SELF_ONLY',
    'TRUE',
    'TRUE',
    'TRUE',
    'FALSE',
    'FALSE',
    'FALSE',
    `${dd}-${mm}-${date.getFullYear()}`,
    String(date.getHours()),
    'draft',
  ];
}

describe('a late row that an earlier run posted (its sheet write failed)', () => {
  it('is marked published, never reported as "post it by hand"', async () => {
    const row = rowAt(new Date(Date.now() - 5 * 3_600_000));
    h.sandbox.sheets.sheets.seed('s-late', 'Plan', [row]);
    const { clientEmail, privateKey } = h.sandbox.sheets.serviceAccount;
    const sheet = {
      spreadsheetId: 's-late',
      sheetName: 'Plan',
      clientEmail,
      privateKey,
      rootUrl: h.sandbox.urls.googleSheetsRootUrl,
      tokenUrl: h.sandbox.urls.googleOAuthTokenUrl,
    };
    const parsed = parseScheduleRows([row]).rows[0]!;
    h.store.file.recordPosted(rowKey('ana', sheet, parsed), {
      publishId: 'v_pub_file~v2-1.1',
      at: 0,
      state: 'done',
    });
    const warnings: string[] = [];
    await runSchedule(
      {
        sheet,
        username: 'ana',
        graceMs: 3_600_000,
        dryRun: false,
        now: new Date(),
        source: 'upload',
        mode: 'direct',
      },
      {
        store: h.store,
        reporter: { ...silentReporter, warn: (m) => void warnings.push(m) },
        status: (id) => h.client.fetchStatus(id),
        post: () => Promise.reject(new Error('must not post')),
        preview() {},
      },
    );
    expect(h.sandbox.sheets.sheets.rows('s-late', 'Plan')[0]?.[11]).toBe('published');
    expect(warnings.join('\n')).not.toContain('post it by hand');
    expect(h.sandbox.state.publishes.size).toBe(0);
  });
});
