import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Sandbox, SandboxOptions } from '../../source/sandbox/index.js';
import { type ServedFile, serveFiles } from '../sandbox/helpers.js';
import { type CliResult, runCli } from './cli.js';
import { expectOneLine, ids, rfc822, rssFeed, sandboxWithAna } from './sources-helpers.js';

// TikTok's caps (shared/tiktok-api.md: about 15 posts a day, 5 pending inbox drafts in 24 h), known
// before the init from our own records. The sandbox here enforces no caps itself (dailyCaps off): a
// post that agoras did not hold back would be created there, so each count below proves the refusal ours.
const SAMPLE = join(import.meta.dirname, '..', 'fixtures', 'sample.mp4');
const MIN = 60_000;
const opened: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
});

async function open(options: SandboxOptions = {}) {
  const made = await sandboxWithAna({ moderationDelayMs: 0, dailyCaps: false, ...options });
  opened.push(made.sandbox);
  const cli = (args: string[], extraEnv: Record<string, string> = {}): Promise<CliResult> =>
    runCli(args, { ...made.env, ...extraEnv });
  const post = (flags: string[] = [], title = 'Capped') =>
    cli([
      ...['publish', '--network', 'tiktok', '--tiktok-username', 'ana', '--action', 'video'],
      ...['--tiktok-video-url', SAMPLE, '--tiktok-title', title, '--tiktok-privacy-status', 'SELF_ONLY'],
      ...flags,
    ]);
  return { ...made, cli, post };
}

const publishes = (sandbox: Sandbox) => [...sandbox.state.publishes.values()];

describe('pending inbox drafts: 5 in 24 h', () => {
  it('the 6th draft is refused before the init (exit 4, when there is room again); accounts counts them', async () => {
    const { sandbox, post, cli } = await open();
    for (let i = 0; i < 5; i++) {
      const r = await post(['--tiktok-post-mode', 'inbox'], `Draft ${i}`);
      expect(r.code, r.stderr).toBe(0);
    }
    const sixth = await post(['--tiktok-post-mode', 'inbox'], 'Draft 5');
    expectOneLine(sixth, 4, /Not sent: 5 drafts are pending in the TikTok inbox \(TikTok allows 5 in 24 h\)/);
    expect(sixth.stderr).toMatch(/finish or delete drafts in the TikTok app, or send it after /);
    expect(publishes(sandbox)).toHaveLength(5);
    // A direct post is another cap: it goes.
    expect((await post()).code).toBe(0);
    const accounts = await cli(['accounts']);
    expect(accounts.stdout).toContain(
      '- Caps: posts in 24 h 1 · drafts pending 5 of 5 (no room for another draft)',
    );
    const json = JSON.parse((await cli(['accounts', '--json'])).stdout);
    expect(json.accounts[0].usage).toMatchObject({ posts: 1, postCap: 15, drafts: 5, draftCap: 5 });
  });
});

describe('daily posts (about 15: TikTok does not publish the figure, so it is a setting)', () => {
  it('a single post past --daily-post-cap is warned about, then sent (TikTok decides)', async () => {
    const { sandbox, post, cli } = await open();
    expect((await post(['--daily-post-cap', '1'])).code).toBe(0);
    const second = await post(['--daily-post-cap', '1']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(
      /warning: 1 post in the last 24 h \(the daily cap is set at 1; TikTok allows about 15 a day\): TikTok may refuse this one/,
    );
    expect(publishes(sandbox)).toHaveLength(2);
    const accounts = await cli(['accounts'], { AGORAS_DAILY_POST_CAP: '2' });
    expect(accounts.stdout).toContain(
      '- Caps: posts in 24 h 2 · drafts pending 0 of 5 (daily cap of 2 posts reached)',
    );
  });

  it('a bad --daily-post-cap is exit 2', async () => {
    const { post } = await open();
    expectOneLine(
      await post(['--daily-post-cap', '0']),
      2,
      /--daily-post-cap \(or AGORAS_DAILY_POST_CAP\) must be a whole number of at least 1/,
    );
  });

  it('a feed run stops before the cap, says how many are left and from when; a later run posts them', async () => {
    const { sandbox, cli } = await open();
    const served: Record<string, ServedFile> = { '/v.mp4': readFileSync(SAMPLE) };
    const files = await serveFiles(served);
    opened.push(files);
    const now = Date.now();
    served['/feed.xml'] = rssFeed(
      [1, 2, 3].map((n) => ({
        id: `entry-${n}`,
        title: `Entry ${n}`,
        date: rfc822(now - n * MIN),
        media: [{ url: files.url('/v.mp4'), type: 'video/mp4' }],
      })),
    );
    const feed = (cap: string) =>
      cli([
        ...['publish', '--network', 'tiktok', '--tiktok-username', 'ana', '--action', 'last-from-feed'],
        ...['--feed-url', files.url('/feed.xml'), '--max-count', '3', '--tiktok-privacy-status', 'SELF_ONLY'],
        ...['--daily-post-cap', cap],
      ]);
    const first = await feed('1');
    expect(first.code, first.stderr).toBe(0);
    expect(ids(first.stdout)).toHaveLength(1);
    expect(first.stderr).toMatch(
      /warning: Stopped before TikTok's cap: 1 post in the last 24 h .*\. 2 feed entries left for a later run, from /,
    );
    expect(publishes(sandbox)).toHaveLength(1);
    const later = await feed('3');
    expect(later.code, later.stderr).toBe(0);
    expect(ids(later.stdout)).toHaveLength(2);
    expect(
      publishes(sandbox)
        .map((p) => p.post_info?.title)
        .sort(),
    ).toEqual(['Entry 1', 'Entry 2', 'Entry 3']);
  });

  it('a schedule run stops before the cap: the rows left stay draft and due, and a later run posts them', async () => {
    const { sandbox, cli } = await open();
    const files = await serveFiles({ '/v.mp4': readFileSync(SAMPLE) });
    opened.push(files);
    // A zone whose hour is at most half over, so the rows stay due while the test runs.
    const TZ = new Date().getUTCMinutes() < 30 ? 'UTC' : 'Asia/Kolkata';
    const parts = new Intl.DateTimeFormat('en-GB', {
      timeZone: TZ,
      ...{ year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' },
    }).formatToParts(new Date());
    const get = (type: string) => parts.find((p) => p.type === type)!.value;
    const when = [`${get('day')}-${get('month')}-${get('year')}`, get('hour')];
    const header = ['tiktok_video_url', 'tiktok_title', 'tiktok_privacy_status', 'allow_comments'];
    header.push('allow_duet', 'allow_stitch', 'is_brand_organic', 'is_brand_content', 'auto_add_music');
    const row = (title: string) => [
      ...[files.url('/v.mp4'), title, 'SELF_ONLY', 'FALSE', 'FALSE', 'FALSE', 'FALSE', 'FALSE', 'FALSE'],
      ...when,
      'draft',
    ];
    sandbox.sheets.sheets.seed('capped', 'Plan', [
      [...header, 'date', 'time', 'status'],
      row('Row A'),
      row('Row B'),
      row('Row C'),
    ]);
    const { clientEmail, privateKey } = sandbox.sheets.serviceAccount;
    const run = (cap: string) =>
      cli(
        [
          ...['publish', '--network', 'tiktok', '--tiktok-username', 'ana', '--action', 'schedule'],
          ...['--google-sheets-id', 'capped', '--google-sheets-name', 'Plan'],
          ...['--google-sheets-client-email', clientEmail, '--google-sheets-private-key', privateKey],
          ...['--daily-post-cap', cap],
        ],
        { TZ },
      );
    const first = await run('1');
    expect(first.code, first.stderr).toBe(0);
    expect(ids(first.stdout)).toHaveLength(1);
    expect(first.stderr).toMatch(
      /Stopped before TikTok's cap: 1 post in the last 24 h .*\. 2 due rows left for a later run, from /,
    );
    expect(sandbox.sheets.sheets.rows('capped', 'Plan').map((r) => r[11])).toEqual([
      'status',
      'published',
      'draft',
      'draft',
    ]);
    const later = await run('3');
    expect(later.code, later.stderr).toBe(0);
    expect(ids(later.stdout)).toHaveLength(2);
    expect(sandbox.sheets.sheets.rows('capped', 'Plan').map((r) => r[11])).toEqual([
      'status',
      'published',
      'published',
      'published',
    ]);
    expect(
      publishes(sandbox)
        .map((p) => p.post_info?.title)
        .sort(),
    ).toEqual(['Row A', 'Row B', 'Row C']);
  });

  it("TikTok's own cap refusal (reached_active_user_cap) stops a feed run at once; the entries stay for a later run", async () => {
    const { sandbox, cli } = await open();
    const served: Record<string, ServedFile> = { '/v.mp4': readFileSync(SAMPLE) };
    const files = await serveFiles(served);
    opened.push(files);
    served['/feed.xml'] = rssFeed(
      [1, 2, 3].map((n) => ({
        id: `cap-${n}`,
        title: `Capped ${n}`,
        date: rfc822(Date.now() - n * MIN),
        media: [{ url: files.url('/v.mp4'), type: 'video/mp4' }],
      })),
    );
    sandbox.faults.add({ endpoint: 'video_init', status: 403, code: 'reached_active_user_cap' });
    const feed = () =>
      cli([
        ...['publish', '--network', 'tiktok', '--tiktok-username', 'ana', '--action', 'last-from-feed'],
        ...['--feed-url', files.url('/feed.xml'), '--max-count', '3', '--tiktok-privacy-status', 'SELF_ONLY'],
      ]);
    const refused = await feed();
    expectOneLine(refused, 4, /Your TikTok app has reached its daily cap of active users/);
    expect(refused.stderr).toContain(
      'TikTok refused for a cap it keeps; stopping here: 3 feed entries left for a later run.',
    );
    expect(sandbox.faults.hits.filter((h) => h.endpoint === 'video_init')).toHaveLength(1); // no second try
    expect(publishes(sandbox)).toHaveLength(0);
    const later = await feed();
    expect(later.code, later.stderr).toBe(0);
    expect(ids(later.stdout)).toHaveLength(3);
  });
});
