import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatAccounts } from '../../source/cli/accounts-command.js';
import { renderFix } from '../../source/cli/fixes.js';
import { formatHistory } from '../../source/cli/history-command.js';
import { formatStatus } from '../../source/cli/status-command.js';
import type { AccountStatus } from '../../source/core/accounts.js';
import { authorizeCommand, statusCommand } from '../../source/shared/commands.js';
import { shellQuote } from '../../source/shared/shell-quote.js';
import { wizardFix } from '../../source/ui/fix-text.js';

/**
 * Stored or remote text a hostile tenant or server wrote (account names in a shared Redis, a
 * fail_reason, publish IDs) reaches `history`, `status` and `accounts` inert: no escape sequence a
 * terminal acts on (OSC 52 writes the clipboard, OSC 8 makes links), no line it can add; and every
 * command suggested to copy is shell-quoted.
 */
const OSC52 = '\x1b]52;c;dG91Y2ggL3RtcC9wd25lZA==\x07';
const OSC8 = '\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\';
const hostile = `ana${OSC52}\n  ✓ fake line${OSC8}`;

function inert(text: string): void {
  expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
}

describe('stored and remote text on the terminal', () => {
  it('history: each field one line, no escape', () => {
    const out = formatHistory(
      [
        {
          at: new Date(0).toISOString(),
          account: hostile,
          publishId: `v_pub${OSC8}`,
          kind: 'video',
          title: `t${OSC52}`,
          from: { kind: 'feed', where: `feed entry “${OSC8}”` },
          state: 'done',
          status: 'FAILED',
          failReason: `spam${OSC52}\nmore`,
        },
      ],
      '/cfg',
    );
    inert(out);
    expect(out.trimEnd().split('\n')).toHaveLength(3);
  });

  it('status: the fail reason, the post URLs and the account', () => {
    const out = formatStatus(
      {
        publishId: `v${OSC8}`,
        account: hostile,
        status: 'FAILED',
        final: true,
        description: `failed${OSC52}`,
        failReason: `x${OSC52}\ny`,
        postIds: [],
        postUrls: [`https://x/${OSC8}`],
        link: 'none',
        raw: { status: 'FAILED' },
      },
      600,
    );
    inert(out);
    expect(out.trimEnd().split('\n')).toHaveLength(5);
  });

  it('accounts: names, nicknames, problems and the fix line', () => {
    const status: AccountStatus = {
      username: hostile,
      nickname: `Nick${OSC8}`,
      creatorUsername: `u${OSC52}`,
      isDefault: true,
      ok: false,
      problem: `revoked${OSC52}\nline`,
      fix: { kind: 'authorize', account: hostile },
      scopes: [`video.publish${OSC52}`],
      accessToken: 'act.••••#af6234',
      accessExpiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      refreshExpiresAt: new Date(Date.now() + 86_400_000 * 300).toISOString(),
      clientKey: 'ck',
      configFile: '/cfg/config.json',
    };
    const out = formatAccounts([status], '/cfg/config.json', 'open.tiktokapis.com');
    inert(out);
    expect(out.trimEnd().split('\n')).toHaveLength(8);
    inert(wizardFix({ kind: 'authorize', account: hostile }));
  });
});

describe('suggested commands are shell-quoted', () => {
  /** What a POSIX shell makes of `printf '%s\n' <word>`, run in an empty directory. */
  function throughShell(word: string): { out: string; dir: string } {
    const dir = mkdtempSync(join(tmpdir(), 'agoras-quote-'));
    const run = spawnSync('sh', ['-c', `printf '%s\\n' ${word}`], { cwd: dir, encoding: 'utf8' });
    return { out: run.stdout, dir };
  }

  it('a name with ;, $(), backquotes, quotes, spaces, globs or ~ reaches the command as one word', () => {
    for (const name of [
      'x; touch pwned #',
      '$(touch pwned)',
      '`touch pwned`',
      "it's",
      'a b',
      '*',
      '~',
      '-',
      '',
      'ana.lima_2',
      'v_pub_file~v2-1.1',
      '~root',
    ]) {
      const { out, dir } = throughShell(shellQuote(name));
      expect(out).toBe(`${name}\n`);
      expect(spawnSync('ls', ['-A', dir], { encoding: 'utf8' }).stdout).toBe('');
    }
    expect(shellQuote('ana.lima_2')).toBe('ana.lima_2');
  });

  it('the authorize and status commands quote what they name', () => {
    expect(authorizeCommand('x; touch /tmp/p #')).toBe(
      "agoras publish --network tiktok --action authorize --tiktok-username 'x; touch /tmp/p #'",
    );
    expect(renderFix({ kind: 'authorize', account: "a'b" })).toContain("--tiktok-username 'a'\\''b'");
    expect(statusCommand('v_pub_file~v2-1.1')).toBe('agoras status v_pub_file~v2-1.1');
    expect(statusCommand('v;id')).toBe("agoras status 'v;id'");
    expect(authorizeCommand()).toContain('--tiktok-username <name>');
    inert(authorizeCommand(hostile));
  });
});
