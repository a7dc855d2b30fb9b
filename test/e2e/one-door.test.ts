// One door: every flag is honoured or refused, never dropped. A flag of another action is refused
// before anything is sent; --dry-run runs every check for every action and sends nothing; the forms
// people bring from Agoras (short flags, its env names, `agoras tiktok …`, `agoras utils …`) post
// exactly what the seed's form posts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, serveFiles } from '../sandbox/helpers.js';
import { base, setupHeadless } from './headless-setup.js';
import { rfc822, rssFeed } from './sources-helpers.js';

const h = setupHeadless();
let feeds: Awaited<ReturnType<typeof serveFiles>>;

beforeAll(async () => {
  feeds = await serveFiles({
    '/clip.mp4': fixture('sample.mp4'),
    '/feed.xml': { body: '', contentType: 'application/rss+xml' },
  });
});
afterAll(async () => feeds?.close());

/** Serves a one-entry feed (a fresh id each time, so the ledger posts it) and returns its URL. */
let feedCount = 0;
async function oneEntryFeed(title: string): Promise<string> {
  const id = `entry-${++feedCount}`;
  const doc = rssFeed([
    {
      id,
      title,
      date: rfc822(Date.now() - 60_000),
      media: [{ url: feeds.url('/clip.mp4'), type: 'video/mp4' }],
    },
  ]);
  const served = await serveFiles({ '/feed.xml': doc, '/clip.mp4': fixture('sample.mp4') });
  servers.push(served);
  // The entry's media is on the feed's own host, as a real feed's is.
  return served.url('/feed.xml').replace(/\/feed\.xml$/, `/feed.xml?${id}`);
}
const servers: { close(): Promise<void> }[] = [];
afterAll(async () => Promise.all(servers.map((s) => s.close())));

const postInfoOf = (stdout: string) => h.sandbox.state.publishes.get(JSON.parse(stdout).id)?.post_info;

describe('a flag that does not belong to the action is refused, nothing sent', () => {
  it.each([
    ['video', ['--max-count', '3']],
    ['video', ['--feed-url', 'https://example.com/feed.xml']],
    ['video', ['--google-sheets-id', 'abc']],
    ['post', ['--tiktok-video-url', 'x.mp4']],
    ['post', ['--tiktok-aigc']],
    ['last-from-feed', ['--max-post-age', '3']],
    ['authorize', ['--tiktok-title', 'hi']],
  ])('--action %s %s: exit 2, the line names the action', async (action, extra) => {
    const before = h.sandbox.state.publishes.size;
    // The flag alone: the refusal comes before any other check (a missing title, the account).
    const r = await h.cli([...base, '--action', action, ...extra]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`does not apply to --action ${action}\\.`));
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(h.sandbox.state.publishes.size).toBe(before);
  });

  it('an env twin of another action is left out (the post goes out), and --debug says so', async () => {
    const r = await h.cli(
      [...base, '--action', 'video', '--tiktok-video-url', h.bigVideoPath, '--tiktok-title', 'Env twin'],
      { TIKTOK_PRIVACY_STATUS: 'SELF_ONLY', MAX_COUNT: '3', AGORAS_DEBUG: '1' },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('ignoring MAX_COUNT (--max-count does not apply to --action video)');
  });

  it('an unknown short flag is refused like an unknown long one', async () => {
    const r = await h.cli([...base, '--action', 'video', '-zz', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^agoras: Unknown option -zz\./);
  });

  it("Agoras' access-token flag gets one line saying what to do instead", async () => {
    const r = await h.cli([...base, '--action', 'video', '-ta', 'act.123']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no -ta option.*--action authorize/);
    expect(r.stderr).not.toContain('act.123');
  });
});

describe('--dry-run, for every action: every check, the request printed, nothing posted', () => {
  it('video (a file): the init it would send, with its post_info and chunk plan', async () => {
    const before = h.sandbox.state.publishes.size;
    const r = await h.cli([
      ...base,
      ...['--action', 'video', '--tiktok-video-url', h.bigVideoPath, '--tiktok-title', 'Dry'],
      ...['--tiktok-privacy-status', 'SELF_ONLY', '--brand-organic', '--no-tiktok-allow-duet', '--dry-run'],
    ]);
    expect(r.code, r.stderr).toBe(0);
    const preview = JSON.parse(r.stdout);
    expect(preview).toMatchObject({
      dryRun: true,
      action: 'video',
      account: 'ana',
      endpoint: '/v2/post/publish/video/init/',
      body: {
        post_info: {
          title: 'Dry',
          privacy_level: 'SELF_ONLY',
          disable_duet: true,
          brand_organic_toggle: true,
          brand_content_toggle: false,
        },
        source_info: { source: 'FILE_UPLOAD', video_size: h.bigVideo.length, total_chunk_count: 2 },
      },
    });
    expect(r.stderr).toMatch(/H\.264 · /); // the media preflight ran
    expect(h.sandbox.state.publishes.size).toBe(before);
  });

  it('video: a rule TikTok would refuse still fails the dry run (branded content, Only me)', async () => {
    const r = await h.cli([
      ...base,
      ...['--action', 'video', '--tiktok-video-url', h.bigVideoPath, '--tiktok-title', 'Dry'],
      ...['--tiktok-privacy-status', 'SELF_ONLY', '--brand-content', '--dry-run'],
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });

  it('post (photos): each image URL checked, the content init printed', async () => {
    const before = h.sandbox.state.publishes.size;
    const r = await h.cli([
      ...base,
      ...['--action', 'post', '--tiktok-title', 'Dry photos', '--tiktok-privacy-status', 'SELF_ONLY'],
      ...['--status-image-url-1', h.files.url('/a.jpg'), '--status-image-url-2', h.files.url('/b.webp')],
      '--dry-run',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      endpoint: '/v2/post/publish/content/init/',
      body: {
        post_info: { title: 'Dry photos', privacy_level: 'SELF_ONLY' },
        source_info: { photo_images: [h.files.url('/a.jpg'), h.files.url('/b.webp')] },
        media_type: 'PHOTO',
      },
    });
    expect(r.stderr).toMatch(/Image 2: WebP/);
    expect(h.sandbox.state.publishes.size).toBe(before);
  });

  it('a feed: each item with the post_info it would send', async () => {
    const before = h.sandbox.state.publishes.size;
    const r = await h.cli([
      ...base,
      ...['--action', 'last-from-feed', '--feed-url', await oneEntryFeed('From the feed')],
      ...['--tiktok-privacy-status', 'SELF_ONLY', '--no-tiktok-allow-comments', '--dry-run'],
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      dryRun: true,
      post_info: { title: 'From the feed', privacy_level: 'SELF_ONLY', disable_comment: true },
    });
    expect(h.sandbox.state.publishes.size).toBe(before);
  });
});

describe('coming from Agoras: its forms post what the seed form posts', () => {
  const seedVideo = (title: string) => [
    ...base,
    ...['--action', 'video', '--tiktok-video-url', h.bigVideoPath, '--tiktok-title', title],
    ...['--tiktok-privacy-status', 'MUTUAL_FOLLOW_FRIENDS', '--no-tiktok-allow-stitch', '--brand-organic'],
  ];

  it('short flags (-n -a -tu -tv -tt -ty) and agoras tiktok video', async () => {
    const seed = await h.cli(seedVideo('Same post'));
    expect(seed.code, seed.stderr).toBe(0);
    const short = await h.cli([
      ...['publish', '-n', 'tiktok', '-a', 'video', '-tu', 'ana', '-tv', h.bigVideoPath, '-tt', 'Same post'],
      ...['-ty', 'MUTUAL_FOLLOW_FRIENDS', '--tiktok-allow-stitch', 'false', '--brand-organic'],
    ]);
    expect(short.code, short.stderr).toBe(0);
    const platform = await h.cli([
      ...['tiktok', 'video', '--username', 'ana', '--video-url', h.bigVideoPath, '--title', 'Same post'],
      ...['--privacy', 'MUTUAL_FOLLOW_FRIENDS', '--allow-stitch', 'false', '--brand-organic'],
    ]);
    expect(platform.code, platform.stderr).toBe(0);
    const expected = postInfoOf(seed.stdout);
    expect(expected).toMatchObject({ title: 'Same post', brand_organic_toggle: true, disable_stitch: true });
    expect(postInfoOf(short.stdout)).toEqual(expected);
    expect(postInfoOf(platform.stdout)).toEqual(expected);
  });

  it("Agoras' env names: TIKTOK_BRAND_ORGANIC labels the post", async () => {
    const r = await h.cli(
      [...base, '--action', 'video', '--tiktok-video-url', h.bigVideoPath, '--tiktok-title', 'Env brand'],
      { TIKTOK_PRIVACY_STATUS: 'PUBLIC_TO_EVERYONE', TIKTOK_BRAND_ORGANIC: 'true' },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(postInfoOf(r.stdout)).toMatchObject({ brand_organic_toggle: true });
  });

  it('agoras tiktok post --image-1 …', async () => {
    const r = await h.cli([
      ...['tiktok', 'post', '--username', 'ana', '--title', 'Agoras photos', '--privacy', 'SELF_ONLY'],
      ...['--image-1', h.files.url('/a.jpg'), '--auto-add-music'],
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(postInfoOf(r.stdout)).toMatchObject({ title: 'Agoras photos', auto_add_music: true });
  });

  it('agoras utils feed-publish --mode last, with --feed-max-count', async () => {
    const r = await h.cli([
      ...['utils', 'feed-publish', '--network', 'tiktok', '--mode', 'last', '-tu', 'ana'],
      ...['--feed-url', await oneEntryFeed('Via utils'), '--feed-max-count', '1'],
      ...['--tiktok-privacy-status', 'SELF_ONLY'],
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(postInfoOf(r.stdout.trim().split('\n')[0]!)).toMatchObject({ title: 'Via utils' });
  });

  it('agoras utils tokens list is agoras accounts', async () => {
    const r = await h.cli(['utils', 'tokens', 'list', '--platform', 'tiktok']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/ana/);
  });

  it('--show-migration prints the seed command, quoted, secrets as variables, and runs nothing', async () => {
    const before = h.sandbox.state.publishes.size;
    const r = await h.cli([
      ...['tiktok', 'video', '--username', 'ana', '--video-url', './my clip.mp4', '--title', "It's here"],
      ...['--privacy', 'SELF_ONLY', '--client-secret', 'hunter2-secret', '--show-migration'],
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(
      "agoras publish --network tiktok --action video --tiktok-username ana --tiktok-client-secret \"$TIKTOK_CLIENT_SECRET\" --tiktok-video-url './my clip.mp4' --tiktok-title 'It'\\''s here' --tiktok-privacy-status SELF_ONLY",
    );
    expect(h.sandbox.state.publishes.size).toBe(before);
  });
});
