import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI } from './cli.js';

/** Whether tmux can run here; the tmux tests skip, saying why, when it cannot. */
export const TMUX_MISSING = (() => {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'tmux is not installed (apt-get install tmux): the terminal tests are skipped';
  }
})();

// Key names tmux understands; anything else is sent as literal text.
const NAMED = /^(Enter|Escape|Space|Up|Down|Left|Right|Home|End|Tab|BTab|BSpace|DC|PPage|NPage|[CM]-.+)$/;

/**
 * The built CLI in a real terminal under tmux, on a tmux server of its own: type with send-keys,
 * read with capture-pane. Nothing waits on time: each step waits until the screen shows what it
 * expects, so a loaded machine only makes the test slower, never wrong.
 */
export class TmuxSession {
  readonly name: string;
  readonly exitFile: string;
  readonly #socket: string;

  constructor(
    dir: string,
    args: string[],
    env: Record<string, string>,
    size: { columns: number; rows: number } = { columns: 80, rows: 24 },
  ) {
    this.name = `agoras-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    this.#socket = this.name;
    this.exitFile = join(dir, `${this.name}.exit`);
    const vars = Object.entries({ TERM: 'xterm-256color', AGORAS_NO_BROWSER: '1', ...env })
      .map(([k, v]) => `${k}='${v}'`)
      .join(' ');
    // A terminal session is interactive whatever CI the test runner itself was started under.
    const command = `env -u CI -u CONTINUOUS_INTEGRATION -u TMUX ${vars} ${process.execPath} ${CLI} ${args.map((a) => `'${a}'`).join(' ')}; echo $? > ${this.exitFile}; sleep 600`;
    this.#tmux(
      'new-session',
      '-d',
      '-s',
      this.name,
      '-x',
      String(size.columns),
      '-y',
      String(size.rows),
      command,
    );
  }

  #tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.#socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  }

  screen(): string {
    return this.#tmux('capture-pane', '-p', '-t', this.name);
  }

  /** The screen with the lines the terminal wrapped joined again (a long URL reads whole). */
  joinedScreen(): string {
    return this.#tmux('capture-pane', '-p', '-J', '-t', this.name);
  }

  /**
   * Sends keys in one burst, as fast typing, a held key or a paste arrives: text literally, tmux
   * key names (Enter, BSpace, Left, C-u…) as keys. Waits for nothing.
   */
  keys(...keys: string[]): void {
    for (let i = 0; i < keys.length; ) {
      const literal = !NAMED.test(keys[i]!);
      const run: string[] = [];
      while (i < keys.length && !NAMED.test(keys[i]!) === literal) run.push(keys[i++]!);
      if (literal) this.#tmux('send-keys', '-t', this.name, '-l', run.join(''));
      else this.#tmux('send-keys', '-t', this.name, ...run);
    }
  }

  /**
   * Sends keys in ONE write to the terminal, as keys typed fast over SSH arrive: tmux key names
   * (Enter…) as keys, anything else as its text (so no text here may look like a key name).
   */
  burst(...keys: string[]): void {
    this.#tmux('send-keys', '-t', this.name, ...keys);
  }

  /** Pastes text as a terminal does when the app asked for bracketed paste (tmux paste-buffer -p). */
  paste(text: string): void {
    this.#tmux('set-buffer', '-b', this.name, text);
    this.#tmux('paste-buffer', '-p', '-d', '-b', this.name, '-t', this.name);
  }

  /** Waits until the screen matches (a text, a pattern or a test), or fails with the screen as it is. */
  async waitFor(
    pattern: RegExp | string | ((screen: string) => boolean),
    what = String(pattern),
    timeoutMs = 60_000,
  ): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      const found =
        typeof pattern === 'string'
          ? screen.includes(pattern)
          : typeof pattern === 'function'
            ? pattern(screen)
            : pattern.test(screen);
      if (found) return screen;
      if (Date.now() > deadline) throw new Error(`screen never showed ${what}:\n${screen}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async exitCode(timeoutMs = 60_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(this.exitFile) || readFileSync(this.exitFile, 'utf8').trim() === '') {
      if (Date.now() > deadline) throw new Error(`no exit within ${timeoutMs} ms:\n${this.screen()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return Number(readFileSync(this.exitFile, 'utf8').trim());
  }

  kill(): void {
    try {
      this.#tmux('kill-server');
    } catch {
      // already gone
    }
  }
}
