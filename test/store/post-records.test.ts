import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { redact } from '../../source/shared/secrets.js';
import { findPostRecord, type PostRecord, PostRecords } from '../../source/store/post-records.js';

const HOUR = 3_600_000;
const upload = (expiresAt: number, ackedChunks: number) => ({
  uploadUrl: `https://open-upload.example/video/?upload_id=1234567890&upload_token=tok-${expiresAt}-secret`,
  expiresAt,
  videoSize: 30,
  chunkSize: 10,
  totalChunkCount: 3,
  contentType: 'video/mp4',
  identity: { kind: 'file' as const, path: '/v.mp4', size: 30, mtimeMs: 1, edgeHash: 'x' },
  ackedChunks,
});
const record = (publishId: string, at: number, extra: Partial<PostRecord> = {}): PostRecord => ({
  publishId,
  username: 'ana',
  at,
  kind: 'video',
  title: 't',
  media: '/v.mp4',
  settings: 's',
  ...extra,
});

describe('post records', () => {
  it('one 0600 file per publish ID in a 0700 directory per account, no temp file left', async () => {
    const root = join(mkdtempSync(join(tmpdir(), 'agoras-records-')), 'config.posts');
    const records = new PostRecords(root, 'ana');
    await records.save(record('v_pub_file~v2-1.1', 1, { upload: upload(Date.now() + HOUR, 1) }), {
      durable: true,
    });
    await records.update('v_pub_file~v2-1.1', (r) => ({ ...r, upload: { ...r.upload!, ackedChunks: 2 } }));
    expect(readdirSync(records.dir)).toEqual(['v_pub_file~v2-1.1.json']);
    expect(statSync(join(records.dir, 'v_pub_file~v2-1.1.json')).mode & 0o777).toBe(0o600);
    expect(statSync(records.dir).mode & 0o777).toBe(0o700);
    expect(statSync(root).mode & 0o777).toBe(0o700);
    expect((await records.get('v_pub_file~v2-1.1'))?.upload?.ackedChunks).toBe(2);
    expect(findPostRecord(root, 'v_pub_file~v2-1.1')?.username).toBe('ana');
  });

  it('masks the upload URL and its token in any text once a record was read or written', async () => {
    const root = join(mkdtempSync(join(tmpdir(), 'agoras-records-')), 'config.posts');
    const u = upload(Date.now() + HOUR, 0);
    await new PostRecords(root, 'ana').save(record('p1', 1, { upload: u }));
    const token = new URL(u.uploadUrl).searchParams.get('upload_token')!;
    expect(redact(`PUT ${u.uploadUrl} failed`)).not.toContain(token);
    expect(redact(`token ${token}`)).not.toContain(token);
  });

  it('prune: an expired unfinished upload is deleted, an expired finished one keeps its history only', async () => {
    const now = Date.now();
    const root = join(mkdtempSync(join(tmpdir(), 'agoras-records-')), 'config.posts');
    const records = new PostRecords(root, 'ana', () => now);
    await records.save(record('gone', now - 2 * HOUR, { upload: upload(now - HOUR, 1) }));
    await records.save(record('sent', now - 2 * HOUR, { upload: upload(now - HOUR, 3) }));
    await records.save(record('live', now, { upload: upload(now + HOUR, 1) }));
    await records.save(record('old', now - 400 * 24 * HOUR));
    await records.prune();
    expect((await records.list()).map((r) => r.publishId)).toEqual(['live', 'sent']);
    expect(await records.get('sent')).toMatchObject({ closed: true });
    expect((await records.get('sent'))?.upload).toBeUndefined();
  });
});
