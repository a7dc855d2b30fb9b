import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Sandbox, SandboxOptions } from '../../source/sandbox/index.js';
import { type CliResult, runCli } from './cli.js';
import { expectOneLine, ids, sandboxWithAna } from './sources-helpers.js';

// An app TikTok has not audited (shared/tiktok-api.md: creator_info offers SELF_ONLY only; a post to a
// public account is refused with unaudited_client_can_only_post_to_private_accounts): said before, and
// what happens is the person's choice (--if-unaudited), never a silent change of privacy.
const SAMPLE = join(import.meta.dirname, '..', 'fixtures', 'sample.mp4');
const opened: Sandbox[] = [];
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
});

async function open(options: SandboxOptions) {
  const made = await sandboxWithAna({ moderationDelayMs: 0, ...options });
  opened.push(made.sandbox);
  const post = (
    privacy: string,
    flags: string[] = [],
    extraEnv: Record<string, string> = {},
  ): Promise<CliResult> =>
    runCli(
      [
        ...['publish', '--network', 'tiktok', '--tiktok-username', 'ana', '--action', 'video'],
        ...['--tiktok-video-url', SAMPLE, '--tiktok-title', 'Unaudited', '--tiktok-privacy-status', privacy],
        ...flags,
      ],
      { ...made.env, ...extraEnv },
    );
  return { ...made, post };
}

const records = (sandbox: Sandbox) => [...sandbox.state.publishes.values()];

describe('unaudited app, private account: creator_info offers SELF_ONLY only', () => {
  it('headless, no choice: refused before anything is sent, one line that says why and names --if-unaudited (exit 4)', async () => {
    const { sandbox, post } = await open({ unaudited: true, privateAccount: true });
    const r = await post('PUBLIC_TO_EVERYONE');
    expectOneLine(r, 4, /not been audited|has not audited this app/);
    expect(r.stderr).toMatch(
      /only to a private TikTok account, only as 'Only me', for at most 5 users a day/,
    );
    expect(r.stderr).toMatch(/--if-unaudited self-only .*--if-unaudited inbox/);
    expect(r.stdout).toBe('');
    expect(records(sandbox)).toHaveLength(0);
  });

  it('--if-unaudited self-only: posted as SELF_ONLY, and it says so', async () => {
    const { sandbox, post } = await open({ unaudited: true, privateAccount: true });
    const r = await post('PUBLIC_TO_EVERYONE', ['--if-unaudited', 'self-only']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/TikTok has not audited this app: posting it as 'Only me', as chosen\./);
    const [record] = records(sandbox);
    expect(record?.post_info?.privacy_level).toBe('SELF_ONLY');
    expect(record?.post_mode).toBe('DIRECT_POST');
    expect(ids(r.stdout)).toEqual([[...sandbox.state.publishes.keys()][0]]);
  });

  it('AGORAS_IF_UNAUDITED=inbox (the env twin): a draft in the inbox, no privacy sent', async () => {
    const { sandbox, post } = await open({ unaudited: true, privateAccount: true });
    const r = await post('MUTUAL_FOLLOW_FRIENDS', [], { AGORAS_IF_UNAUDITED: 'inbox' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /TikTok has not audited this app: sending it to the TikTok inbox as a draft instead, as chosen\./,
    );
    expect(r.stderr).toMatch(/Sent to your TikTok inbox/);
    expect(records(sandbox).map((p) => p.post_mode)).toEqual(['MEDIA_UPLOAD']);
  });

  it('SELF_ONLY asked for: nothing to choose, posted as asked', async () => {
    const { sandbox, post, env } = await open({ unaudited: true, privateAccount: true });
    const r = await post('SELF_ONLY');
    expect(r.code, r.stderr).toBe(0);
    expect(records(sandbox).map((p) => p.post_info?.privacy_level)).toEqual(['SELF_ONLY']);
    // Nothing to choose, but said before it is sent; and agoras accounts says it too.
    expect(r.stderr).toContain('TikTok has not audited this app yet. Until it does');
    const accounts = await runCli(['accounts'], env);
    expect(accounts.stdout).toContain(
      "- App: not audited by TikTok yet (private accounts only, as 'Only me')",
    );
  });

  it('a bad --if-unaudited is exit 2 naming the values', async () => {
    const { sandbox, post } = await open({ unaudited: true, privateAccount: true });
    const r = await post('PUBLIC_TO_EVERYONE', ['--if-unaudited', 'public']);
    expectOneLine(r, 2, /--if-unaudited \(or AGORAS_IF_UNAUDITED\) must be self-only, inbox, fail/);
    expect(records(sandbox)).toHaveLength(0);
  });
});

describe('unaudited app, public account: TikTok refuses the init', () => {
  it('no choice: TikTok’s refusal explained, with both ways out (exit 4)', async () => {
    const { sandbox, post } = await open({ unaudited: true });
    const r = await post('SELF_ONLY');
    expectOneLine(r, 4, /this TikTok account is public/);
    expect(r.stderr).toMatch(/make the TikTok account private in the app, or pass --if-unaudited inbox/);
    expect(records(sandbox)).toHaveLength(0);
  });

  it('--if-unaudited inbox: the refused post goes to the inbox as a draft instead (one draft, one id)', async () => {
    const { sandbox, post } = await open({ unaudited: true });
    const r = await post('SELF_ONLY', ['--if-unaudited', 'inbox']);
    expect(r.code, r.stderr).toBe(0);
    expect(records(sandbox).map((p) => p.post_mode)).toEqual(['MEDIA_UPLOAD']);
    expect(ids(r.stdout)).toHaveLength(1);
  });

  it('--if-unaudited self-only cannot help a public account: refused, nothing posted', async () => {
    const { sandbox, post } = await open({ unaudited: true });
    const r = await post('SELF_ONLY', ['--if-unaudited', 'self-only']);
    expectOneLine(r, 4, /this TikTok account is public/);
    expect(records(sandbox)).toHaveLength(0);
  });
});
