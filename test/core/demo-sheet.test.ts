import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRuntime } from '../../source/app/runtime.js';
import { ensureSandboxAccount, SANDBOX_USERNAME } from '../../source/core/runtime.js';
import { createAgoras } from '../../source/core/service.js';
import { silentReporter } from '../../source/shared/reporter.js';

describe("the built-in sandbox's demo sheet", () => {
  it('previews a row due now and one upcoming, nothing malformed', async () => {
    const runtime = await createRuntime(
      { AGORAS_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'agoras-demo-')) },
      { sandbox: true },
    );
    try {
      await ensureSandboxAccount(runtime, SANDBOX_USERNAME, silentReporter);
      const agoras = createAgoras(runtime);
      const sheet = (await agoras.sheetDefaults())!;
      const preview = await agoras.previewSchedule(
        { username: SANDBOX_USERNAME, sheet },
        AbortSignal.timeout(20_000),
      );
      expect(preview.due.map((r) => r.rowNumber)).toEqual([2]);
      expect(preview.upcoming).toBe(1);
      expect(preview.problems).toEqual([]);
    } finally {
      await runtime.close();
    }
  });
});
