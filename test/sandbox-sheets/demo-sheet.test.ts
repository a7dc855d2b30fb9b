import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRuntime } from '../../source/app/runtime.js';
import { ensureSandboxAccount, SANDBOX_USERNAME } from '../../source/core/runtime.js';
import { createAgoras } from '../../source/core/service.js';
import { demoScheduleRows } from '../../source/sandbox/sheets/demo-sheet.js';
import { silentReporter } from '../../source/shared/reporter.js';
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

  it('is what the schedule previews on the built-in sandbox', async () => {
    const runtime = await createRuntime(
      { AGORAS_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'agoras-demo-')) },
      { sandbox: true },
    );
    try {
      await ensureSandboxAccount(runtime, SANDBOX_USERNAME, silentReporter);
      const agoras = createAgoras(runtime);
      const sheet = agoras.sheetDefaults()!;
      const preview = await agoras.previewSchedule(
        { username: SANDBOX_USERNAME, sheet },
        AbortSignal.timeout(20_000),
      );
      expect(preview.due.map((r) => r.rowNumber)).toEqual([2]);
      expect(preview.upcoming).toBe(1);
      expect(preview.problems.map((p) => p.rowNumber)).toEqual([4]);
    } finally {
      await runtime.close();
    }
  });
});
