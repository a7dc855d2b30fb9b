import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../source/cli/actions.js';
import { completionScript } from '../../source/cli/completion.js';
import { PUBLISH_FLAGS } from '../../source/cli/flags.js';
import {
  accountsHelp,
  actionHelp,
  helpPage,
  helpText,
  publishHelp,
  sandboxHelp,
} from '../../source/cli/help.js';
import { helpTopic } from '../../source/cli/help-topic.js';
import { parseFlags } from '../../source/cli/parse-argv.js';
import { nearest } from '../../source/cli/suggest.js';
import { runSandboxCommand } from '../../source/sandbox/command.js';
import { UsageError } from '../../source/shared/errors.js';

const PAGES: Record<string, string> = {
  overview: helpText('1.0.0'),
  publish: publishHelp(),
  accounts: accountsHelp(),
  sandbox: sandboxHelp(),
  ...Object.fromEntries(ACTIONS.map((a) => [`publish --action ${a}`, actionHelp(a)])),
};

const has = (cmd: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

describe('help like gh', () => {
  it.each(Object.entries(PAGES))('%s: every line fits 80 columns, with examples', (_name, text) => {
    for (const line of text.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
    expect(text).toMatch(/EXAMPLES\n {2}\$ agoras/);
  });

  it('each command and action has a page of its own', () => {
    expect(new Set(Object.values(PAGES)).size).toBe(Object.keys(PAGES).length);
    expect(PAGES['publish --action video']).toContain('--tiktok-video-url URL|FILE');
    expect(PAGES['publish --action video']).not.toContain('--google-sheets-id');
    expect(PAGES['publish --action schedule']).toContain('--google-sheets-private-key');
    expect(PAGES.accounts).toContain('agoras accounts remove NAME');
  });

  it('reads what help is asked about from the command line', () => {
    expect(helpTopic(['--help'])).toEqual({});
    expect(helpTopic(['help'])).toEqual({});
    expect(helpTopic(['publish', '--help'])).toEqual({ command: 'publish' });
    expect(helpTopic(['help', 'publish'])).toEqual({ command: 'publish' });
    expect(helpTopic(['publish', '--action', 'video', '--help'])).toEqual({
      command: 'publish',
      action: 'video',
    });
    expect(helpTopic(['publish', '--action=post', '-h'])).toEqual({ command: 'publish', action: 'post' });
    expect(helpTopic(['accounts', '--help'])).toEqual({ command: 'accounts' });
    expect(helpTopic(['publish', '--network', 'tiktok'])).toBeUndefined();
    expect(() => helpTopic(['help', 'publsh'])).toThrow(UsageError);
    expect(helpPage({ command: 'publish', action: 'video' }, '1')).toBe(actionHelp('video'));
  });

  it('the sandbox page names every flag the sandbox itself takes', async () => {
    let own = '';
    const stdout = new Writable({
      write(chunk, _e, done) {
        own += String(chunk);
        done();
      },
    });
    await runSandboxCommand(['--help'], { stdout, stderr: stdout });
    const flags = [...new Set(own.match(/--[a-z][a-z-]+/g))];
    expect(flags.length).toBeGreaterThan(5);
    for (const flag of flags) expect(PAGES.sandbox).toContain(flag);
  });
});

describe('did you mean', () => {
  it.each([
    ['publsh', ['publish', 'accounts', 'sandbox'], 'publish'],
    ['acounts', ['publish', 'accounts', 'sandbox'], 'accounts'],
    ['pubilsh', ['publish', 'accounts'], 'publish'],
    ['tiktok-titel', PUBLISH_FLAGS.map((f) => f.name), 'tiktok-title'],
    ['tiktok-privacy', PUBLISH_FLAGS.map((f) => f.name), 'tiktok-privacy-status'],
    ['vidoe', ACTIONS, 'video'],
    ['xyzzy', ['publish', 'accounts', 'sandbox'], undefined],
  ])('%s → %s', (typed, known, expected) => {
    expect(nearest(typed, known)).toBe(expected);
  });

  it('an unknown flag names the nearest one', () => {
    expect(() => parseFlags(['--tiktok-titel', 'x'], PUBLISH_FLAGS, {})).toThrow(
      expect.objectContaining({
        message: 'Unknown option --tiktok-titel.',
        hint: 'Did you mean --tiktok-title?',
      }),
    );
  });
});

describe('shell completion from the flag table', () => {
  it.each(['bash', 'zsh', 'fish'])('%s: every flag, every command', (shell) => {
    const script = completionScript(shell);
    for (const flag of PUBLISH_FLAGS)
      expect(script).toContain(shell === 'fish' ? `-l ${flag.name}` : `--${flag.name}`);
    for (const command of ['publish', 'accounts', 'sandbox', 'completion']) expect(script).toContain(command);
    expect(script).toContain('SELF_ONLY');
  });

  it.each(['bash', 'zsh', 'fish'])('%s: the script parses', (shell) => {
    if (!has(shell)) {
      console.warn(`skipped: ${shell} is not installed, so its syntax cannot be checked here`);
      return;
    }
    const file = join(mkdtempSync(join(tmpdir(), 'agoras-completion-')), `agoras.${shell}`);
    writeFileSync(file, completionScript(shell));
    execFileSync(shell, ['-n', file]);
  });

  it('bash completes commands, flags and action values', () => {
    if (!has('bash')) return console.warn('skipped: bash is not installed');
    const file = join(mkdtempSync(join(tmpdir(), 'agoras-completion-')), 'agoras.bash');
    writeFileSync(file, completionScript('bash'));
    const complete = (words: string[]) =>
      execFileSync('bash', [
        '-c',
        `source ${file}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _agoras; echo "\${COMPREPLY[@]}"`,
      ])
        .toString()
        .trim();
    expect(complete(['agoras', 'pub'])).toBe('publish');
    expect(complete(['agoras', 'publish', '--tiktok-ti'])).toBe('--tiktok-title');
    expect(complete(['agoras', 'publish', '--action', 'v'])).toBe('video');
    // Per action, from the table: the feed's flag is offered to a feed action, never to a video.
    expect(complete(['agoras', 'publish', '--action', 'last-from-feed', '--max-c'])).toBe('--max-count');
    expect(complete(['agoras', 'publish', '--action', 'video', '--max-c'])).toBe('');
    expect(complete(['agoras', 'status', '--wait-t'])).toBe('--wait-timeout');
  });
});
