import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { priorPost } from '../../source/core/ledger.js';
import { silentReporter } from '../../source/shared/reporter.js';
import { FileStateStore } from '../../source/store/file-store.js';
import type { StatusData } from '../../source/tiktok/types.js';

// A rerun finds an entry an earlier run left 'accepted' (killed while TikTok processed it) and asks
// TikTok, whose reply may leave the byte counts out: absent is unknown, never "nothing arrived".
function setUp(status: StatusData) {
  const store = new FileStateStore({ configDir: mkdtempSync(join(tmpdir(), 'agoras-ledger-')) });
  store.file.recordPosted('feed:ana:x', {
    publishId: 'v_pub_1',
    at: Date.now(),
    state: 'accepted',
    videoSize: 5000,
  });
  const warnings: string[] = [];
  const reporter = { ...silentReporter, warn: (m: string) => void warnings.push(m) };
  return { store, warnings, deps: { store, reporter, status: async () => status } };
}

describe('the ledger against sparse status replies', () => {
  it('PROCESSING_UPLOAD without byte counts is not "nothing arrived": not posted again, kept, said', async () => {
    const { store, warnings, deps } = setUp({ status: 'PROCESSING_UPLOAD' });
    const prior = await priorPost('feed:ana:x', 'Entry', deps);
    expect(prior?.state).toBe('uncertain');
    expect(store.file.posted('feed:ana:x')?.publishId).toBe('v_pub_1');
    expect(warnings.join('\n')).toMatch(/TikTok cannot tell; not posting it again/);
  });

  it('a counted short upload is unfinished: posted again (TikTok has no post for it)', async () => {
    const { store, deps } = setUp({ status: 'PROCESSING_UPLOAD', uploaded_bytes: 1000 });
    expect(await priorPost('feed:ana:x', 'Entry', deps)).toBeUndefined();
    expect(store.file.posted('feed:ana:x')).toBeUndefined();
  });

  it('a final status with nothing else marks it done; still processing keeps it for a later run', async () => {
    const done = setUp({ status: 'PUBLISH_COMPLETE' });
    expect((await priorPost('feed:ana:x', 'Entry', done.deps))?.state).toBe('posted');
    expect(done.store.file.posted('feed:ana:x')?.state).toBe('done');
    const busy = setUp({ status: 'PROCESSING_DOWNLOAD' });
    expect((await priorPost('feed:ana:x', 'Entry', busy.deps))?.state).toBe('posted');
    expect(busy.store.file.posted('feed:ana:x')?.state).toBe('accepted');
  });
});
