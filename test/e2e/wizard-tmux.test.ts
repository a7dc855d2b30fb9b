import { afterEach, describe, expect, it } from 'vitest';
import { tempConfigDir } from './cli.js';
import { TmuxSession } from './tmux.js';

let session: TmuxSession | undefined;
afterEach(() => session?.kill());

const start = (dir: string) =>
  new TmuxSession(dir, ['--sandbox'], {
    AGORAS_CONFIG_DIR: dir,
    AGORAS_SANDBOX_STATUS_DELAY_MS: '200',
    AGORAS_POLL_INTERVAL_MS: '100',
  });

describe('the wizard in a real terminal (tmux, 80×24)', () => {
  it('posts a video on the sandbox from the first screen to the publish ID, then exits 0', async () => {
    const dir = tempConfigDir();
    session = start(dir);
    await session.waitFor('Which TikTok account?');
    await session.keys('Enter');
    await session.waitFor('Account name');
    await session.keys('ana', 'Enter');
    await session.waitFor('What do you want to post?');
    await session.keys('Enter');
    await session.waitFor('Video URL or file');
    await session.keys('test/fixtures/sample.mp4', 'Enter');
    await session.waitFor(/✓ .*video\/mp4/);
    await session.keys('Enter');
    const details = await session.waitFor('Posting as Sandbox Creator');
    expect(details).toMatch(/\( \) Everyone/); // no privacy preselected
    expect(details).toMatch(/\[ \] Allow comments/); // interactions unchecked
    await session.keys('Hello from tmux', 'Down', 'Down', 'Down', 'Space', 'Enter');
    await session.waitFor('Disclose commercial content');
    await session.keys('Enter');
    const review = await session.waitFor('Post to TikTok');
    expect(review).toContain("By posting, you agree to TikTok's Music Usage Confirmation.");
    expect(review).toContain('Only me');
    await session.keys('Enter');
    const result = await session.waitFor(/Publish ID +v_pub_file~v2-1\.\d+/, 30_000);
    expect(result).toContain('✓ Posted');
    for (const line of result.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    await session.keys('Enter');
    expect(await session.exitCode()).toBe(0);
  });

  it('quits cleanly with exit code 130 on Ctrl+C in the middle', async () => {
    const dir = tempConfigDir();
    session = start(dir);
    await session.waitFor('Which TikTok account?');
    await session.keys('Enter');
    await session.waitFor('Account name');
    await session.keys('ana', 'Enter');
    await session.waitFor('What do you want to post?');
    await session.keys('C-c');
    expect(await session.exitCode()).toBe(130);
  });

  it('asks for missing flags in a terminal (title, then privacy from creator_info) and posts', async () => {
    const dir = tempConfigDir();
    session = new TmuxSession(
      dir,
      [
        'publish',
        '--network',
        'tiktok',
        '--action',
        'video',
        '--sandbox',
        '--tiktok-video-url',
        'test/fixtures/sample.mp4',
      ],
      { AGORAS_CONFIG_DIR: dir, AGORAS_SANDBOX_STATUS_DELAY_MS: '100', AGORAS_POLL_INTERVAL_MS: '100' },
    );
    await session.waitFor('Title (caption):');
    await session.keys('Asked for', 'Enter');
    const privacy = await session.waitFor('Who can see this post?');
    expect(privacy).not.toContain('Followers'); // the sandbox creator does not offer FOLLOWER_OF_CREATOR
    await session.keys('Down', 'Down', 'Enter');
    const done = await session.waitFor(/\{"id":"v_pub_file~v2-1\.\d+"\}[\s\S]*Published\./, 20_000);
    expect(done).toContain('Who can see this post? Only me');
    expect(await session.exitCode()).toBe(0);
  });
});
