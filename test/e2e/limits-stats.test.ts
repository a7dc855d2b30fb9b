import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../source/sandbox/index.js';
import { accountStats, postStats } from '../../source/sandbox/post-stats.js';
import { type CliResult, followLoginUrl, runCli } from './cli.js';
import { ids, sandboxWithAna } from './sources-helpers.js';

// How a post is doing, with the optional scopes (video.list, user.info.stats) the person opts into at
// authorize (--with-stats): the sandbox's Display API serves numbers that grow with the minutes since a
// post became public. 'ana' did not opt in; 'bob' did.
const SAMPLE = join(import.meta.dirname, '..', 'fixtures', 'sample.mp4');
let sandbox: Sandbox;
let env: Record<string, string>;

beforeAll(async () => {
  ({ sandbox, env } = await sandboxWithAna({ moderationDelayMs: 0 }));
  let followed = false;
  const bob = await runCli(
    [
      ...['publish', '--network', 'tiktok', '--action', 'authorize', '--tiktok-username', 'bob'],
      ...['--tiktok-client-key', sandbox.clientKey, '--tiktok-client-secret', sandbox.clientSecret],
      ...['--tiktok-redirect-uri', 'http://127.0.0.1:0/callback/', '--no-browser', '--with-stats'],
    ],
    env,
    {
      onStderr(text) {
        const match = /(http:\/\/127\.0\.0\.1:\d+\/v2\/auth\/authorize\/\?\S+)/.exec(text);
        if (match && !followed) {
          followed = true;
          void followLoginUrl(match[1]!);
        }
      },
    },
  );
  expect(bob.code, bob.stderr).toBe(0);
});
afterAll(async () => {
  await sandbox?.close();
});

const cli = (args: string[]): Promise<CliResult> => runCli(args, env);
async function post(user: string): Promise<string> {
  const r = await cli([
    ...['publish', '--network', 'tiktok', '--tiktok-username', user, '--action', 'video'],
    ...['--tiktok-video-url', SAMPLE, '--tiktok-title', `Stats ${user}`],
    ...['--tiktok-privacy-status', 'PUBLIC_TO_EVERYONE'],
  ]);
  expect(r.code, r.stderr).toBe(0);
  return ids(r.stdout)[0]!;
}
/** The sandbox's post as if it went public `minutes` ago: its numbers are those of that age. */
function aged(publishId: string, minutes: number) {
  const record = sandbox.state.publishes.get(publishId)!;
  record.public_at = Date.now() - minutes * 60_000;
  return record;
}
const words = (s: { view_count: number; like_count: number; comment_count: number; share_count: number }) =>
  [
    `${s.view_count.toLocaleString('en-US')} view${s.view_count === 1 ? '' : 's'}`,
    `${s.like_count.toLocaleString('en-US')} like${s.like_count === 1 ? '' : 's'}`,
    `${s.comment_count.toLocaleString('en-US')} comment${s.comment_count === 1 ? '' : 's'}`,
    `${s.share_count.toLocaleString('en-US')} share${s.share_count === 1 ? '' : 's'}`,
  ].join(' · ');

describe('without the scope', () => {
  it('history --stats, status and accounts each say in one line how to get it; nothing is asked', async () => {
    const id = await post('ana');
    const how = 'agoras publish --network tiktok --action authorize --tiktok-username ana --with-stats';
    const history = await cli(['history', '--stats', '--tiktok-username', 'ana']);
    expect(history.code, history.stderr).toBe(0);
    expect(history.stderr.split('\n').filter((l) => l.includes(how))).toHaveLength(1);
    expect(history.stdout).not.toMatch(/views/);
    const status = await cli(['status', id]);
    expect(status.stderr).toContain(how);
    expect(status.stdout).not.toMatch(/Numbers:/);
    const accounts = await cli(['accounts']);
    expect(accounts.stdout).toContain(`- Followers: to see them, ${how}`);
  });
});

describe('with --with-stats', () => {
  it('the login asked TikTok for video.list and user.info.stats', async () => {
    const accounts = JSON.parse((await cli(['accounts', '--json'])).stdout);
    const bob = accounts.accounts.find((a: { username: string }) => a.username === 'bob');
    expect(bob.scopes).toEqual(expect.arrayContaining(['video.list', 'user.info.stats']));
  });

  it('history --stats and status show the numbers TikTok gives now, and they change over time', async () => {
    const id = await post('bob');
    const record = aged(id, 90);
    // The numbers grow while a command runs (up to a view every 2 s): what it prints is what they were
    // when it started or when it ended.
    const during = async (args: string[]) => {
      const before = postStats(record);
      const r = await cli(args);
      return { r, seen: [before, postStats(record)] };
    };
    const history = await during(['history', '--stats', '--tiktok-username', 'bob']);
    expect(history.r.code, history.r.stderr).toBe(0);
    expect(history.seen[0]!.view_count).toBeGreaterThan(0);
    expect(
      history.seen.some((n) => history.r.stdout.includes(`  ${words(n)}\n`)),
      history.r.stdout,
    ).toBe(true);
    expect(history.r.stderr).not.toMatch(/--with-stats/);

    aged(id, 600); // hours later, more views
    const status = await during(['status', id]);
    expect(status.seen[0]!.view_count).toBeGreaterThan(history.seen[1]!.view_count);
    expect(
      status.seen.some((n) => status.r.stdout.includes(`  Numbers: ${words(n)}\n`)),
      status.r.stdout,
    ).toBe(true);
    const json = await during(['status', id, '--json']);
    const stats = JSON.parse(json.r.stdout).stats;
    expect(json.seen.map((n) => [{ id: record.post_ids[0], ...n }])).toContainEqual(stats);
    const entries = await during(['history', '--stats', '--json', '--tiktok-username', 'bob']);
    expect(entries.seen.map((n) => n.view_count)).toContain(
      JSON.parse(entries.r.stdout).posts[0].stats[0].view_count,
    );
  });

  it('accounts shows the follower count', async () => {
    const count = () => accountStats(sandbox.state, sandbox.state.open_id).follower_count;
    const before = count();
    const accounts = await cli(['accounts']);
    const shown = [before, count()].map((n) => `- Followers: ${n.toLocaleString('en-US')}\n`);
    const bob = accounts.stdout.slice(accounts.stdout.indexOf('✓ bob'));
    expect(before).toBeGreaterThan(0);
    expect(
      shown.some((line) => bob.includes(line)),
      bob,
    ).toBe(true);
  });
});
