import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../source/sandbox/index.js';
import { makeVideoBytes, type ServedFile, serveFiles } from '../sandbox/helpers.js';
import { type CliResult, openTestStore, runCli } from './cli.js';
import { killDuringChunk, MiB, printedIds } from './resume-helpers.js';
import { rfc822, rssFeed, sandboxWithAna } from './sources-helpers.js';

// `agoras history`: what this machine posted, from the post records and the ledger, in both modes.
let sandbox: Sandbox;
let env: Record<string, string>;
let files: Awaited<ReturnType<typeof serveFiles>>;
let path: string;
const served: Record<string, ServedFile> = { '/f.mp4': makeVideoBytes(MiB + 9) };

beforeAll(async () => {
  ({ sandbox, env } = await sandboxWithAna());
  path = join(env.AGORAS_CONFIG_DIR!, '..', `agoras-history-${process.pid}.mp4`);
  files = await serveFiles(served);
});
afterAll(async () => {
  await files?.close();
  await sandbox?.close();
});

const cli = (args: string[]): Promise<CliResult> => runCli(args, env);
const video = (media: string, title: string) => [
  ...['publish', '--network', 'tiktok', '--tiktok-username', 'ana', '--action', 'video'],
  ...['--tiktok-video-url', media, '--tiktok-title', title, '--tiktok-privacy-status', 'SELF_ONLY'],
];

describe('history', () => {
  it('empty at first, in both modes', async () => {
    const plain = await cli(['history']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(/^Nothing posted from this machine yet/);
    expect(JSON.parse((await cli(['history', '--json'])).stdout)).toEqual({ posts: [] });
  });

  it('lists a file post, a feed entry, an unfinished upload and a sheet row from the ledger, newest first', async () => {
    writeFileSync(path, makeVideoBytes(2 * MiB));
    const file = await cli(video(path, 'From a file'));
    const fileId = printedIds(file.stdout)[0]!;
    served['/feed.xml'] = rssFeed([
      {
        id: 'h-1',
        title: 'Feed entry',
        date: rfc822(Date.now() - 60_000),
        media: [{ url: files.url('/f.mp4'), type: 'video/mp4' }],
      },
    ]);
    const feed = await cli([
      ...['publish', '--network', 'tiktok', '--tiktok-username', 'ana', '--action', 'last-from-feed'],
      ...['--feed-url', files.url('/feed.xml'), '--tiktok-privacy-status', 'SELF_ONLY'],
    ]);
    const feedId = printedIds(feed.stdout)[0]!;
    writeFileSync(path.replace('.mp4', '-big.mp4'), makeVideoBytes(30 * MiB));
    const killed = await killDuringChunk(sandbox, video(path.replace('.mp4', '-big.mp4'), 'Killed'), env, 1);
    const killedId = printedIds(killed.stdout)[0]!;
    // A row posted by the schedule before this version kept records: only the ledger knows it.
    const store = await openTestStore(env);
    await store.recordPosted('sheet:ana:sheet-1:Schedule:abc123', {
      publishId: 'v_pub_url~v2-1.7000000000000000001',
      at: Date.now() - 86_400_000,
      label: 'row 4',
      state: 'done',
    });
    await store.close();

    const r = await cli(['history', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const { posts } = JSON.parse(r.stdout);
    expect(posts.map((p: { publishId: string }) => p.publishId)).toEqual([
      killedId,
      feedId,
      fileId,
      'v_pub_url~v2-1.7000000000000000001',
    ]);
    expect(posts[0]).toMatchObject({
      account: 'ana',
      title: 'Killed',
      state: 'uploading',
      resumableUntil: expect.any(String),
    });
    expect(posts[1]).toMatchObject({
      from: { kind: 'feed', where: 'feed entry “Feed entry”' },
      status: 'PUBLISH_COMPLETE',
    });
    expect(posts[2]).toMatchObject({
      kind: 'video',
      title: 'From a file',
      from: { kind: 'file', where: path },
      state: 'done',
      status: 'PUBLISH_COMPLETE',
    });
    expect(posts[3]).toMatchObject({
      from: { kind: 'sheet', where: 'sheet sheet-1 / Schedule, row 4' },
      state: 'done',
    });
    expect(JSON.stringify(posts)).not.toContain('upload_token');

    const plain = await cli(['history']);
    expect(plain.stdout).toContain(`  video “From a file” from ${path}\n  ${fileId}\n`);
    expect(plain.stdout).toMatch(
      /ana {2}upload unfinished: run the same command again before \d\d:\d\d to continue it/,
    );
    expect(plain.stdout).toMatch(/ana {2}Published\n {2}video “Feed entry” from feed entry “Feed entry”/);

    const bob = JSON.parse((await cli(['history', '--tiktok-username', 'bob', '--json'])).stdout);
    expect(bob.posts).toEqual([]);
  });

  it('agoras status updates what history says', async () => {
    const { posts } = JSON.parse((await cli(['history', '--json'])).stdout);
    const killed = posts.find((p: { title?: string }) => p.title === 'Killed');
    await cli(['status', killed.publishId]);
    const after = JSON.parse((await cli(['history', '--json'])).stdout).posts.find(
      (p: { publishId: string }) => p.publishId === killed.publishId,
    );
    expect(after.status).toBe('PROCESSING_UPLOAD');
  });
});
