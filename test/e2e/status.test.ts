import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../source/sandbox/index.js';
import { makeVideoBytes } from '../sandbox/helpers.js';
import { authorizeViaCli, type CliResult, runCli } from './cli.js';
import { printedIds } from './resume-helpers.js';
import { expectOneLine, sandboxWithAna } from './sources-helpers.js';

// `agoras status PUBLISH_ID`: TikTok's status in plain words, --json, --wait, and IDs it won't tell about.
let sandbox: Sandbox;
let env: Record<string, string>;
let path: string;

beforeAll(async () => {
  ({ sandbox, env } = await sandboxWithAna());
  path = join(env.AGORAS_CONFIG_DIR!, '..', `agoras-status-${process.pid}.mp4`);
  writeFileSync(path, makeVideoBytes(2 * 1024 * 1024 + 3));
  const bob = await authorizeViaCli(env, 'bob', sandbox);
  expect(bob.code, bob.stderr).toBe(0);
});
afterAll(async () => {
  await sandbox?.close();
});

const cli = (args: string[]): Promise<CliResult> => runCli(args, env);
async function post(privacy = 'SELF_ONLY'): Promise<string> {
  const r = await cli([
    ...['publish', '--network', 'tiktok', '--tiktok-username', 'ana', '--action', 'video'],
    ...['--tiktok-video-url', path, '--tiktok-title', 'Status', '--tiktok-privacy-status', privacy],
  ]);
  expect(r.code, r.stderr).toBe(0);
  return printedIds(r.stdout)[0]!;
}
const json = (r: CliResult) => JSON.parse(r.stdout);

describe('final statuses', () => {
  it('PUBLISH_COMPLETE with a public post: plain words, TikTok’s word, and the post’s URL (int64 intact)', async () => {
    const id = await post('PUBLIC_TO_EVERYONE');
    // Published, but in moderation (the sandbox's default 10 s): TikTok withholds the id, so no link yet.
    const moderated = await cli(['status', id]);
    expect(moderated.code, moderated.stderr).toBe(0);
    expect(moderated.stdout).toMatch(/^.*: Published\.\n/);
    expect(moderated.stdout).not.toContain('Post:');
    sandbox.faults.apply({ endModeration: true });
    const postId = sandbox.state.publishes.get(id)!.post_ids[0]!;
    const r = await cli(['status', id]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      `${id}: Published.\n  TikTok status: PUBLISH_COMPLETE\n  Post: https://www.tiktok.com/@sandbox.creator/video/${postId}\n  Account: ana\n`,
    );
    const j = json(await cli(['status', id, '--json']));
    expect(j).toMatchObject({
      publishId: id,
      account: 'ana',
      status: 'PUBLISH_COMPLETE',
      final: true,
      postIds: [postId],
    });
    expect(j.postUrls).toEqual([`https://www.tiktok.com/@sandbox.creator/video/${postId}`]);
  });

  it.each([
    ['SEND_TO_USER_INBOX', undefined, 0, /inbox/],
    ['FAILED', 'spam_risk_text', 4, /Failed: TikTok flagged the title as spam\./],
    ['FAILED', 'duration_check_failed', 4, /longer than this account's maximum duration/],
  ])('%s %s: exit %i, in words', async (status, reason, code, words) => {
    const id = await post();
    const record = sandbox.state.publishes.get(id)!;
    record.status = status as typeof record.status;
    if (reason) record.fail_reason = reason;
    const plain = await cli(['status', id]);
    expect(plain.code, plain.stderr).toBe(code);
    expect(plain.stdout.split('\n')[0]).toMatch(words);
    expect(plain.stdout).toContain(`TikTok status: ${status}${reason ? ` (${reason})` : ''}`);
    const j = json(await cli(['status', id, '--json']));
    expect(j).toMatchObject({ status, final: true, ...(reason ? { failReason: reason } : {}) });
    if (reason) expect(`Failed: ${j.failReasonText}`).toMatch(words);
  });
});

describe('intermediate statuses', () => {
  it.each([
    ['PROCESSING_UPLOAD', /TikTok is receiving or processing the upload/],
    ['PROCESSING_DOWNLOAD', /TikTok is downloading the media from its URL/],
  ])('%s: exit 0 without --wait, final false', async (status, words) => {
    const id = await post();
    const record = sandbox.state.publishes.get(id)!;
    record.status = status as typeof record.status;
    const plain = await cli(['status', id]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout.split('\n')[0]).toMatch(words);
    expect(json(await cli(['status', id, '--json']))).toMatchObject({ status, final: false });
  });

  it('--wait polls until final, saying each change on stderr', async () => {
    const id = await post();
    const record = sandbox.state.publishes.get(id)!;
    record.status = 'PROCESSING_UPLOAD';
    // Final only once the CLI has seen it processing (its first status request), however slow it starts.
    const asked = sandbox.state.requestCounts.status;
    const run = cli(['status', id, '--wait', '--json']);
    while (sandbox.state.requestCounts.status === asked) await new Promise((r) => setTimeout(r, 10));
    record.status = 'PUBLISH_COMPLETE';
    const r = await run;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Status: PROCESSING_UPLOAD\nStatus: PUBLISH_COMPLETE');
    expect(json(r)).toMatchObject({ status: 'PUBLISH_COMPLETE', final: true, timedOut: false });
  });

  it('--wait that runs out while still processing: exit 5', async () => {
    const id = await post();
    sandbox.state.publishes.get(id)!.status = 'PROCESSING_DOWNLOAD';
    const r = await cli(['status', id, '--wait', '--wait-timeout', '0.3', '--json']);
    expect(r.code, r.stderr).toBe(5);
    expect(json(r)).toMatchObject({ status: 'PROCESSING_DOWNLOAD', final: false, timedOut: true });
    const plain = await cli(['status', id, '--wait', '--wait-timeout', '0.2']);
    expect(plain.code).toBe(5);
    expect(plain.stdout).toContain(`Still processing after 0.2 s; ask again later: agoras status ${id}`);
  });
});

describe('IDs TikTok will not tell about', () => {
  it('an unknown ID: exit 2, one line naming the account', async () => {
    const r = await cli(['status', 'v_pub_file~v2-1.1234567890123456789', '--tiktok-username', 'ana']);
    expectOneLine(
      r,
      2,
      /TikTok does not know the publish ID v_pub_file~v2-1\.1234567890123456789 for account 'ana'\./,
    );
    expect(r.stdout).toBe('');
  });

  it('another account’s ID: exit 2, and the account that posted it on this machine is named', async () => {
    const id = await post();
    sandbox.state.publishes.get(id)!.open_id = '-000someone-else';
    const r = await cli(['status', id, '--tiktok-username', 'bob']);
    expectOneLine(r, 2, /(does not know the publish ID|belongs to another TikTok account).*'bob'/);
    expect(r.stderr).toContain("this machine posted it as 'ana'");
  });

  it('without --tiktok-username, the account that posted the ID is used', async () => {
    const id = await post();
    const r = await cli(['status', id, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(json(r).account).toBe('ana');
  });

  it('no ID: a usage error, in one clear line', async () => {
    expectOneLine(
      await cli(['status']),
      2,
      /^agoras: Which post\? Give its publish ID: agoras status PUBLISH_ID\. \(agoras history lists the posts made here, with their IDs\)$/,
    );
  });
});
