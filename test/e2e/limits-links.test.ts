import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../source/sandbox/index.js';
import { type CliResult, openTestStore, runCli } from './cli.js';
import { ids, sandboxWithAna } from './sources-helpers.js';

// "Where is my post?": TikTok gives a public post's id only once moderation ends (shared/tiktok-api.md:
// PUBLISH_COMPLETE can arrive with publicaly_available_post_id []). The sandbox holds ids back for a
// minute here, and ends its moderation when the test says so.
const SAMPLE = join(import.meta.dirname, '..', 'fixtures', 'sample.mp4');
let sandbox: Sandbox;
let env: Record<string, string>;

beforeAll(async () => {
  ({ sandbox, env } = await sandboxWithAna({ moderationDelayMs: 60_000 }));
});
afterAll(async () => {
  await sandbox?.close();
});

const cli = (args: string[]): Promise<CliResult> => runCli(args, env);
async function post(privacy: string, title: string): Promise<{ id: string; r: CliResult }> {
  const r = await cli([
    ...['publish', '--network', 'tiktok', '--tiktok-username', 'ana', '--action', 'video'],
    ...['--tiktok-video-url', SAMPLE, '--tiktok-title', title, '--tiktok-privacy-status', privacy],
  ]);
  expect(r.code, r.stderr).toBe(0);
  return { id: ids(r.stdout)[0]!, r };
}
async function storedPostIds(id: string): Promise<string[] | undefined> {
  const store = await openTestStore(env);
  try {
    return (await store.findPostRecord(id))?.status?.postIds;
  } finally {
    await store.close();
  }
}
const endModeration = () => sandbox.faults.apply({ endModeration: true });
const linkOf = (id: string) =>
  `https://www.tiktok.com/@sandbox.creator/video/${sandbox.state.publishes.get(id)!.post_ids[0]}`;

describe('a public post in moderation', () => {
  it('the run says the link is withheld; history says so, then fills it in and keeps it once TikTok gives it', async () => {
    const { id, r } = await post('PUBLIC_TO_EVERYONE', 'Moderated');
    expect(r.stderr).toContain(
      'Link: not given yet, TikTok is still moderating it; agoras history fills it in',
    );
    const before = await cli(['history']);
    expect(before.stdout).toContain(`  ${id}\n  Link: not given yet`);
    expect(JSON.parse((await cli(['history', '--json'])).stdout).posts[0]).toMatchObject({
      publishId: id,
      link: 'moderation',
    });
    expect(await storedPostIds(id)).toBeUndefined();

    endModeration();
    const after = await cli(['history']);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toContain(`  ${id}\n  ${linkOf(id)}\n`);
    expect(await storedPostIds(id)).toEqual(sandbox.state.publishes.get(id)!.post_ids);
    const json = JSON.parse((await cli(['history', '--json'])).stdout).posts[0];
    expect(json).toMatchObject({ publishId: id, link: 'link', postUrls: [linkOf(id)] });
  });

  it('agoras status ID says it is withheld, then gives the link and records it', async () => {
    const { id } = await post('MUTUAL_FOLLOW_FRIENDS', 'Asked later');
    const waiting = await cli(['status', id]);
    expect(waiting.code, waiting.stderr).toBe(0);
    expect(waiting.stdout).toMatch(/ {2}Link: not given yet, TikTok is still moderating it/);
    expect(JSON.parse((await cli(['status', id, '--json'])).stdout)).toMatchObject({
      link: 'moderation',
      postUrls: [],
    });
    endModeration();
    const done = await cli(['status', id]);
    expect(done.stdout).toContain(`  Post: ${linkOf(id)}\n`);
    expect(await storedPostIds(id)).toEqual(sandbox.state.publishes.get(id)!.post_ids);
  });

  it("an 'Only me' post has no public link, and history says so instead of waiting", async () => {
    const { id, r } = await post('SELF_ONLY', 'Private');
    expect(r.stderr).toMatch(/Link: none \(posted as 'Only me'\)/);
    const history = await cli(['history']);
    expect(history.stdout).toContain(`  ${id}\n  Link: none (posted as 'Only me')`);
  });
});
