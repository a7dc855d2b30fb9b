import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../source/sandbox/index.js';
import { makeVideoBytes, type ServedFile, serveFiles } from '../sandbox/helpers.js';
import { type CliResult, redisPass, runCli } from './cli.js';
import { changeRecord, killDuringChunk, MiB, printedIds, recordOf, records } from './resume-helpers.js';
import { rfc822, rssFeed, sandboxWithAna, sha256, startCli } from './sources-helpers.js';

// An upload killed with SIGKILL continues on the next run of the same post: same publish ID, no
// second init, only the missing chunks sent. A changed file, an expired or unknown upload start over.
let sandbox: Sandbox;
let env: Record<string, string>;
let files: Awaited<ReturnType<typeof serveFiles>>;
const outputs: string[] = [];
const SIZE = 40 * MiB + 7; // four 10 MiB-planned chunks, the last 10 MiB + 7
const bytes = makeVideoBytes(SIZE);
const urlBytes = makeVideoBytes(33 * MiB + 5);
let path: string;
const served: Record<string, ServedFile> = { '/v.mp4': urlBytes, '/f.mp4': urlBytes };

beforeAll(async () => {
  ({ sandbox, env } = await sandboxWithAna());
  path = join(env.AGORAS_CONFIG_DIR!, '..', `agoras-resume-${process.pid}.mp4`);
  files = await serveFiles(served);
});
afterAll(async () => {
  await files?.close();
  await sandbox?.close();
});

const video = (media: string, title = 'Resume me') => [
  'publish',
  '--network',
  'tiktok',
  '--tiktok-username',
  'ana',
  '--action',
  'video',
  '--tiktok-video-url',
  media,
  '--tiktok-title',
  title,
  '--tiktok-privacy-status',
  'SELF_ONLY',
];

async function cli(args: string[]): Promise<CliResult> {
  const r = await runCli(args, env);
  outputs.push(r.stdout, r.stderr);
  return r;
}

const counts = () => ({ ...sandbox.state.requestCounts });

describe('a file upload killed after two of four chunks', () => {
  it('continues on the next run: same publish ID, no second init, only chunks 3 and 4 sent', async () => {
    writeFileSync(path, bytes);
    const before = counts();
    const killed = await killDuringChunk(sandbox, [...video(path), '--debug'], env, 2);
    outputs.push(killed.stdout, killed.stderr);
    const [id] = printedIds(killed.stdout);
    expect(sandbox.state.uploads.get(sandbox.state.publishes.get(id!)!.upload_id!)?.chunks_received).toBe(2);
    // The record: 0600, under the account, with the plan and the two acknowledged chunks.
    const record = (await recordOf(env, id!))!;
    // The file store's record is a 0600 file (the Redis pass keeps it in Redis: no file to check).
    if (!redisPass)
      expect(records(env.AGORAS_CONFIG_DIR!).find((r) => r.record.publishId === id)?.mode).toBe(0o600);
    expect(record.upload).toMatchObject({ videoSize: SIZE, totalChunkCount: 4, ackedChunks: 2 });
    expect(record.upload!.identity).toMatchObject({ kind: 'file', path, size: SIZE });

    const mid = counts();
    const rerun = await cli([...video(path), '--debug']);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(printedIds(rerun.stdout)).toEqual([id]);
    expect(rerun.stderr).toContain('Resuming: 21.0 MB of 41.9 MB already with TikTok');
    const after = counts();
    expect(after.video_init - before.video_init).toBe(1);
    expect(after.upload - mid.upload).toBe(2);
    const publish = sandbox.state.publishes.get(id!)!;
    expect(publish.status).toBe('PUBLISH_COMPLETE');
    expect(publish.sha256).toBe(sha256(bytes));
    // Done: the record keeps the history, not the upload URL; the same command again is a new post.
    expect(await recordOf(env, id!)).toMatchObject({
      closed: true,
      status: { status: 'PUBLISH_COMPLETE' },
    });
    expect((await recordOf(env, id!))?.upload).toBeUndefined();
    const again = await cli(video(path));
    expect(printedIds(again.stdout)).not.toContain(id);
    expect(counts().video_init - before.video_init).toBe(2);
  });

  it('a TikTok that already has the chunk the record missed: its 416 Content-Range wins', async () => {
    writeFileSync(path, bytes);
    const killed = await killDuringChunk(sandbox, video(path, 'Ahead'), env, 3);
    const [id] = printedIds(killed.stdout);
    // The record lags TikTok by one chunk, as when a run dies between TikTok's 206 and the write.
    await changeRecord(env, id!, (r) => ({ ...r, upload: { ...r.upload!, ackedChunks: 2 } }));
    const mid = counts();
    const rerun = await cli(video(path, 'Ahead'));
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(printedIds(rerun.stdout)).toEqual([id]);
    expect(rerun.stderr).toContain('Resuming: 31.5 MB of 41.9 MB already with TikTok');
    expect(sandbox.state.publishes.get(id!)?.sha256).toBe(sha256(bytes));
    expect(counts().video_init).toBe(mid.video_init);
    expect(counts().upload - mid.upload).toBe(2); // the probe that met a 416, then the last chunk
  });
});

describe('a run killed after the upload, while TikTok processes it', () => {
  it('the rerun asks TikTok, prints the same publish ID and polls: no second init, no chunk sent', async () => {
    const slow = await sandboxWithAna({ statusDelayMs: 4000 });
    try {
      writeFileSync(path, bytes);
      const run = startCli(video(path, 'Polling'), slow.env);
      await run.waitFor('stderr', /Checking status/);
      run.child.kill('SIGKILL');
      const [id] = printedIds((await run.result).stdout);
      const before = { ...slow.sandbox.state.requestCounts };
      const rerun = await runCli(video(path, 'Polling'), slow.env);
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(printedIds(rerun.stdout)).toEqual([id]);
      expect(rerun.stderr).toContain('Resuming: 41.9 MB of 41.9 MB already with TikTok');
      expect(slow.sandbox.state.requestCounts.video_init).toBe(before.video_init);
      expect(slow.sandbox.state.requestCounts.upload).toBe(before.upload);
      expect(slow.sandbox.state.publishes.get(id!)?.status).toBe('PUBLISH_COMPLETE');
      expect(slow.sandbox.state.publishes.size).toBe(1);
    } finally {
      await slow.sandbox.close();
    }
  });
});

describe('starting over, with one line saying why', () => {
  it('a file changed since: a new upload of the new bytes', async () => {
    writeFileSync(path, bytes);
    const killed = await killDuringChunk(sandbox, video(path, 'Changed'), env, 2);
    const [old] = printedIds(killed.stdout);
    const edited = Buffer.from(bytes);
    edited[SIZE - 10] = edited[SIZE - 10]! ^ 0xff;
    writeFileSync(path, edited);
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    const mid = counts();
    const rerun = await cli(video(path, 'Changed'));
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toContain(`Starting a new upload: the file was modified since ${old} began.`);
    const [id] = printedIds(rerun.stdout);
    expect(id).not.toBe(old);
    expect(counts().video_init - mid.video_init).toBe(1);
    expect(sandbox.state.publishes.get(id!)?.sha256).toBe(sha256(edited));
    expect(await recordOf(env, old!)).toBeUndefined(); // never published: cleaned up
  });

  it('an upload URL TikTok says has expired: a new upload', async () => {
    writeFileSync(path, bytes);
    const killed = await killDuringChunk(sandbox, video(path, 'Expired at TikTok'), env, 1);
    const [old] = printedIds(killed.stdout);
    sandbox.faults.expireUploadUrls();
    const rerun = await cli(video(path, 'Expired at TikTok'));
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toContain(
      `Starting a new upload: TikTok says the upload URL of ${old} has expired.`,
    );
    const [id] = printedIds(rerun.stdout);
    expect(id).not.toBe(old);
    expect(sandbox.state.publishes.get(id!)?.sha256).toBe(sha256(bytes));
  });

  it('a record past the URL’s hour: a new upload without asking, and the old record is gone', async () => {
    writeFileSync(path, bytes);
    const killed = await killDuringChunk(sandbox, video(path, 'Expired here'), env, 1);
    const [old] = printedIds(killed.stdout);
    await changeRecord(env, old!, (r) => ({ ...r, upload: { ...r.upload!, expiresAt: Date.now() - 1000 } }));
    const mid = counts();
    const rerun = await cli(video(path, 'Expired here'));
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toMatch(
      new RegExp(`Starting a new upload: the upload URL of ${old!.replace(/[.~]/g, '\\$&')} expired at`),
    );
    expect(counts().upload - mid.upload).toBe(4); // no probe of the old URL
    expect(await recordOf(env, old!)).toBeUndefined();
  });

  it('an upload TikTok no longer knows: a new upload', async () => {
    writeFileSync(path, bytes);
    const killed = await killDuringChunk(sandbox, video(path, 'Forgotten'), env, 1);
    const [old] = printedIds(killed.stdout);
    sandbox.state.uploads.delete(sandbox.state.publishes.get(old!)!.upload_id!);
    const rerun = await cli(video(path, 'Forgotten'));
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toContain(`Starting a new upload: TikTok no longer knows the upload ${old}.`);
    expect(printedIds(rerun.stdout)).not.toContain(old);
  });
});

describe('a video by URL', () => {
  it('continues from the first missing chunk, downloading only from there (a Range request)', async () => {
    const url = files.url('/v.mp4');
    const killed = await killDuringChunk(sandbox, video(url, 'By URL'), env, 2);
    const [id] = printedIds(killed.stdout);
    const plan = (await recordOf(env, id!))!.upload!;
    const mid = counts();
    files.requests.length = 0;
    const rerun = await cli(video(url, 'By URL'));
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(printedIds(rerun.stdout)).toEqual([id]);
    expect(counts().video_init).toBe(mid.video_init);
    expect(counts().upload - mid.upload).toBe(plan.totalChunkCount - 2);
    expect(files.requests.map((r) => r.range)).toContain(`bytes=${2 * plan.chunkSize}-`);
    expect(sandbox.state.publishes.get(id!)?.sha256).toBe(sha256(urlBytes));
  });
});

describe('a feed entry', () => {
  it('killed mid-upload: the next run continues it (same publish ID), the one after skips it', async () => {
    served['/feed.xml'] = rssFeed([
      {
        id: 'resume-1',
        title: 'From the feed',
        date: rfc822(Date.now() - 60_000),
        media: [{ url: files.url('/f.mp4'), type: 'video/mp4' }],
      },
    ]);
    const args = [
      ...['publish', '--network', 'tiktok', '--tiktok-username', 'ana', '--action', 'last-from-feed'],
      ...['--feed-url', files.url('/feed.xml'), '--tiktok-privacy-status', 'SELF_ONLY'],
    ];
    const killed = await killDuringChunk(sandbox, args, env, 2);
    const [id] = printedIds(killed.stdout);
    const mid = counts();
    const rerun = await cli(args);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(printedIds(rerun.stdout)).toEqual([id]);
    expect(rerun.stderr).toContain(
      `an earlier run stopped before TikTok published ${id}; continuing its upload.`,
    );
    expect(rerun.stderr).toContain('already with TikTok');
    expect(counts().video_init).toBe(mid.video_init);
    expect(sandbox.state.publishes.get(id!)).toMatchObject({
      status: 'PUBLISH_COMPLETE',
      sha256: sha256(urlBytes),
    });
    const third = await cli(args);
    expect(third.code, third.stderr).toBe(0);
    expect(third.stdout).toBe('');
    expect(counts().video_init).toBe(mid.video_init);
  });
});

describe('secrets', () => {
  it('no upload URL or upload token appears in any output, --debug included', () => {
    const tokens = [...sandbox.state.uploads.values()].map((u) => u.upload_token);
    expect(tokens.length).toBeGreaterThan(0);
    const all = outputs.join('\n');
    for (const token of tokens) expect(all).not.toContain(token);
    expect(all).not.toContain('upload_token=');
  });
});
