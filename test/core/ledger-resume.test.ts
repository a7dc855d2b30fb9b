import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { postRecorded, priorPost } from '../../source/core/ledger.js';
import { NetworkError } from '../../source/shared/errors.js';
import { FileStateStore } from '../../source/store/file-store.js';
import { videoJob } from './harness.js';

// The ledger and the resume records together: a rerun that dies again while continuing an upload
// leaves an entry the next run can still ask TikTok about, never an "uncertain" one.
async function setup() {
  const store = new FileStateStore({ configDir: mkdtempSync(join(tmpdir(), 'agoras-ledger-')) });
  const records = store.records('ana');
  await records.save({
    publishId: 'v_pub_file~v2-1.1',
    username: 'ana',
    at: Date.now(),
    kind: 'video',
    title: 't',
    media: '/v.mp4',
    settings: 's',
    upload: {
      uploadUrl: 'https://upload.example/?upload_id=1&upload_token=abcdefghijkl',
      expiresAt: Date.now() + 3_600_000,
      videoSize: 30,
      chunkSize: 10,
      totalChunkCount: 3,
      contentType: 'video/mp4',
      identity: { kind: 'file', path: '/v.mp4', size: 30, mtimeMs: 1, edgeHash: 'x' },
      ackedChunks: 1,
    },
  });
  await store.recordPosted('feed:ana:#k', {
    publishId: 'v_pub_file~v2-1.1',
    at: 1,
    state: 'accepted',
    videoSize: 30,
  });
  const lines: string[] = [];
  const deps = {
    store,
    reporter: {
      step() {},
      progress() {},
      warn: (m: string) => lines.push(m),
      info: (m: string) => lines.push(m),
    },
    status: async () => ({ status: 'PROCESSING_UPLOAD' as const, uploaded_bytes: 10 }),
  };
  return { store, records, deps, lines };
}

describe('a feed entry whose upload is on record', () => {
  it('is continued: the entry stays, and a rerun that dies before TikTok answers keeps the publish ID', async () => {
    const { store, deps, lines } = await setup();
    expect(await priorPost('feed:ana:#k', 'Entry', deps)).toBeUndefined();
    expect(lines).toEqual([
      'Entry: an earlier run stopped before TikTok published v_pub_file~v2-1.1; continuing its upload.',
    ]);
    expect(store.file.posted('feed:ana:#k')?.publishId).toBe('v_pub_file~v2-1.1');
    // The rerun dies (a lost connection) before TikTok answered its first PUT.
    const died = await postRecorded(
      'feed:ana:#k',
      'Entry',
      videoJob('/v.mp4'),
      async (_job, _onId, beforeSend) => {
        await beforeSend?.();
        throw new NetworkError('lost');
      },
      store,
    ).catch((e) => e);
    expect(died).toBeInstanceOf(NetworkError);
    expect(store.file.posted('feed:ana:#k')).toMatchObject({
      state: 'pending',
      publishId: 'v_pub_file~v2-1.1',
    });
    // The next run asks TikTok about it, as about an accepted entry: still resumable.
    lines.length = 0;
    expect(await priorPost('feed:ana:#k', 'Entry', deps)).toBeUndefined();
    expect(lines[0]).toMatch(/continuing its upload/);
  });

  it('without a record, an unfinished upload is posted again (and the intent starts clean)', async () => {
    const { store, records, deps, lines } = await setup();
    await records.remove('v_pub_file~v2-1.1');
    expect(await priorPost('feed:ana:#k', 'Entry', deps)).toBeUndefined();
    expect(lines[0]).toMatch(/posting it again/);
    expect(store.file.posted('feed:ana:#k')).toBeUndefined();
  });
});
