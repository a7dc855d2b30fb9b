import { browserOpener, isInteractive } from '../app/route.js';
import { runSignal } from '../app/signals.js';
import { CancelledError } from '../shared/errors.js';
import type { CommandLine } from './command-line.js';
import type { ParsedArgs } from './flags.js';
import { unknownCommand } from './help-topic.js';
import type { AskFn } from './job-from-flags.js';
import { missing } from './job-from-flags.js';
import { createLineReporter } from './line-reporter.js';

/** The commands that run with a runtime (the others answer in cli.tsx). */
const RUNTIME_COMMANDS = ['publish', 'accounts', 'status', 'history', 'store'];

/** The store the flags (or their env twins) name. */
export function storeChoice(args: ParsedArgs): { url?: string; insecure?: boolean } {
  return { url: args.values.store, insecure: args.values['store-insecure'] };
}

/** Routes `agoras publish|accounts|status|history …` to its command with a runtime, and cleans up after. */
export async function runCommand(line: CommandLine, env: NodeJS.ProcessEnv): Promise<number> {
  const { args } = line;
  const [command, ...rest] = args.positionals;
  const interactive = isInteractive(Boolean(args.values.headless), env);
  if (command !== undefined && !RUNTIME_COMMANDS.includes(command)) {
    throw unknownCommand(command);
  }
  const openBrowser = browserOpener(args.values.browser !== false, env);
  const sandbox = Boolean(args.values.sandbox);
  // SIGINT, SIGTERM and SIGHUP abort this signal (app/signals.ts); the run unwinds and cleans up.
  const signal = runSignal();
  const { createRuntime } = await import('../app/runtime.js');
  const runtime = await createRuntime(env, { sandbox, store: storeChoice(args) });
  // A spinner only for the line mode in a terminal.
  const spinner =
    interactive && process.stderr.isTTY
      ? (await import('ora')).default({ stream: process.stderr })
      : undefined;
  const reporter = createLineReporter({ stream: process.stderr, spinner });
  const ask: AskFn = interactive
    ? async (flag, kind) => {
        reporter.finish(); // a question never shares the line with a spinner
        return (await import('./prompts.js')).askFor(flag, kind, runtime, args);
      }
    : async (flag) => {
        throw missing(flag);
      };
  try {
    const io = {
      stdout: process.stdout,
      stderr: process.stderr,
      reporter,
      ask,
      signal,
      interactive,
      openBrowser,
    };
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
    if (signal.aborted) throw signal.reason instanceof CancelledError ? signal.reason : new CancelledError();
    throw error;
  } finally {
    reporter.finish();
    await runtime.close();
  }
}
