import { cancelOnCtrlC } from '../app/cancel-keys.js';
import { interruptRun, runSignal } from '../app/signals.js';
import { statusCommand } from '../shared/commands.js';
import { CancelledError } from '../shared/errors.js';
import { terminalSafe } from '../shared/sanitize.js';
import type { CommandIO, Decided } from './command-io.js';
import type { CommandLine } from './command-line.js';
import type { AskFn } from './job-from-flags.js';
import { missing } from './job-from-flags.js';
import { createLineReporter } from './line-reporter.js';

/** The line a cancelled run ends with: what became of the post under way, and what to do next. */
function cancelled(signal: AbortSignal, underway: CommandIO['underway'], sandbox: boolean): CancelledError {
  const code = signal.reason instanceof CancelledError ? signal.reason.exitCode : undefined;
  const id = underway ? terminalSafe(underway.publishId) : '';
  const message = !underway
    ? 'Cancelled; nothing was posted.'
    : underway.waiting
      ? `Cancelled while TikTok processes ${id}: ${statusCommand(id, sandbox)} tells what became of it.`
      : `Cancelled; ${id} is not uploaded yet. Run the same command again to continue the upload.`;
  return new CancelledError(message, code);
}

/** Routes `agoras publish|accounts|status|history …` to its command with a runtime, and cleans up after. */
export async function runCommand(
  line: CommandLine,
  env: NodeJS.ProcessEnv,
  decided: Decided,
): Promise<number> {
  const { interactive, openBrowser, sandbox } = decided;
  const { args } = line;
  // The command table has already refused an unknown command (cli/command-line.ts); help, the
  // sandbox and completion never reach here.
  const [command, ...rest] = args.positionals;
  // SIGINT, SIGTERM and SIGHUP abort this signal (app/signals.ts); the run unwinds and cleans up.
  const signal = runSignal();
  const [{ createRuntime }, { createAgoras }] = await Promise.all([
    import('../app/runtime.js'),
    import('../core/service.js'),
  ]);
  const runtime = await createRuntime(env, { sandbox, store: decided.store });
  // A spinner only for the line mode in a terminal. Its terminal is raw while it runs, so Ctrl+C is
  // read here (any byte of a burst) and cancels the run exactly as SIGINT does.
  const keys = interactive ? cancelOnCtrlC(process.stdin, interruptRun) : undefined;
  const spinner =
    interactive && process.stderr.isTTY
      ? (await import('ora')).default({ stream: process.stderr, discardStdin: false })
      : undefined;
  const lines = createLineReporter({ stream: process.stderr, spinner });
  const reporter: typeof lines = {
    ...lines,
    step(message) {
      keys?.rearm(); // a prompt before this step gave the terminal back in cooked mode
      lines.step(message);
    },
  };
  const ask: AskFn = interactive
    ? async (flag, kind) => {
        reporter.finish(); // a question never shares the line with a spinner
        return (await import('./prompts.js')).askFor(flag, kind, runtime, args);
      }
    : async (flag) => {
        throw missing(flag);
      };
  const io: CommandIO = {
    agoras: createAgoras(runtime, { openBrowser }),
    stdout: process.stdout,
    stderr: process.stderr,
    reporter,
    ask,
    signal,
    interactive,
    openBrowser,
  };
  try {
    if (command === 'publish') {
      const { runPublish } = await import('./publish-command.js');
      return await runPublish(args, runtime, io);
    }
    if (command === 'status') {
      const { runStatus } = await import('./status-command.js');
      return await runStatus(rest, args, runtime, io);
    }
    if (command === 'history') {
      const { runHistory } = await import('./history-command.js');
      return await runHistory(rest, args, runtime, io);
    }
    if (command === 'store') {
      const { runStore } = await import('./store-command.js');
      return await runStore(rest, args, runtime, io);
    }
    const { runAccounts } = await import('./accounts-command.js');
    return await runAccounts(rest, args, runtime, io);
  } catch (error) {
    if (signal.aborted) throw cancelled(signal, io.underway, Boolean(runtime.sandbox));
    throw error;
  } finally {
    keys?.stop();
    reporter.finish();
    await runtime.close();
  }
}
