import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI } from './cli.js';

/** The built CLI in a real 80×24 terminal under tmux: type with send-keys, read with capture-pane. */
export class TmuxSession {
  readonly name: string;
  readonly exitFile: string;

  constructor(dir: string, args: string[], env: Record<string, string>) {
    this.name = `agoras-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    this.exitFile = join(dir, `${this.name}.exit`);
    const vars = Object.entries({ TERM: 'xterm-256color', AGORAS_NO_BROWSER: '1', ...env })
      .map(([k, v]) => `${k}='${v}'`)
      .join(' ');
    // A terminal session is interactive whatever CI the test runner itself was started under.
    const command = `env -u CI -u CONTINUOUS_INTEGRATION ${vars} ${process.execPath} ${CLI} ${args.join(' ')}; echo $? > ${this.exitFile}; sleep 60`;
    execFileSync('tmux', ['new-session', '-d', '-s', this.name, '-x', '80', '-y', '24', command]);
  }

  screen(): string {
    return execFileSync('tmux', ['capture-pane', '-p', '-t', this.name], { encoding: 'utf8' });
  }

  /** Sends keys one send-keys call at a time, as a person types them (text, or tmux key names). */
  async keys(...keys: string[]): Promise<void> {
    for (const key of keys) {
      const literal = !/^(Enter|Escape|Space|Up|Down|Tab|BTab|C-c|BSpace)$/.test(key);
      execFileSync('tmux', ['send-keys', '-t', this.name, ...(literal ? ['-l', key] : [key])]);
      await new Promise((r) => setTimeout(r, 120));
    }
  }

  /** Waits until the screen matches, or fails with the screen as it is. */
  async waitFor(pattern: RegExp | string, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (typeof pattern === 'string' ? screen.includes(pattern) : pattern.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`screen never showed ${pattern}:\n${screen}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async exitCode(timeoutMs = 10_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(this.exitFile) || readFileSync(this.exitFile, 'utf8').trim() === '') {
      if (Date.now() > deadline) throw new Error(`no exit within ${timeoutMs} ms:\n${this.screen()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return Number(readFileSync(this.exitFile, 'utf8').trim());
  }

  kill(): void {
    try {
      execFileSync('tmux', ['kill-session', '-t', this.name], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
}
