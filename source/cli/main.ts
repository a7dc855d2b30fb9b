import { browserOpener, frontEnd, isInteractive, lazyRuntime } from '../app/route.js';
import { installSignalHandlers } from '../app/signals.js';
import type { Runtime } from '../core/runtime.js';
import { AgorasError, ExitCode, UsageError } from '../shared/errors.js';
import type { Decided } from './command-io.js';
import { resolveCommandLine } from './command-line.js';

/** The wizard, as the door hands it over (cli/ and ui/ are peers: neither imports the other). */
export type WizardLauncher = (
  options: { sandbox: boolean },
  makeRuntime: () => Promise<Runtime>,
  io: { openBrowser?(url: string): Promise<void> },
) => Promise<number>;

/** Runs the CLI and returns the exit code; never throws. */
export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv,
  door: { launchWizard: WizardLauncher },
): Promise<number> {
  let debug =
    argv.some((a) => /^--debug(=(true|1|yes|on))?$/i.test(a)) ||
    /^(1|true|yes|on)$/i.test(env.AGORAS_DEBUG ?? '');
  try {
    if (argv[0] === 'completion') {
      const { completionScript } = await import('./completion.js');
      process.stdout.write(completionScript(argv[1]));
      return ExitCode.ok;
    }
    const line = resolveCommandLine(argv, env);
    const { args } = line;
    debug = args.values.debug === true || checkLogLevel(args.values.loglevel);
    if (debug) args.values.debug = true;
    for (const ignored of line.ignoredEnv) process.stderr.write(`debug: ignoring ${ignored}\n`);
    if (args.values['show-migration'] === true) {
      const { migrationLine } = await import('./migration.js');
      process.stdout.write(`${migrationLine(line)}\n`);
      return ExitCode.ok;
    }
    // Decided once, here, for whichever front end runs: a person at a terminal, the store, the browser.
    const decided: Decided = {
      interactive: isInteractive(Boolean(args.values.headless), env),
      sandbox: Boolean(args.values.sandbox),
      store: { url: args.values.store, insecure: args.values['store-insecure'] },
      openBrowser: browserOpener(args.values.browser !== false, env),
    };
    const front = frontEnd(args.positionals[0], decided.interactive);
    // A command unwinds on its own (it stops its work and cleans up) within the grace; the wizard
    // does not listen for the run's signal, so it goes at once (clean-ups still run).
    installSignalHandlers({ stderr: process.stderr, graceMs: front === 'wizard' ? 100 : 3000 });
    if (front === 'no-tty') {
      throw new UsageError('Nothing to do: the wizard needs a terminal.', {
        hint: 'use agoras publish --network tiktok --action … (see agoras --help)',
      });
    }
    if (front === 'wizard') {
      const runtime = lazyRuntime(env, decided.sandbox, decided.store);
      try {
        return await door.launchWizard({ sandbox: decided.sandbox }, runtime.get, {
          ...(decided.openBrowser ? { openBrowser: decided.openBrowser } : {}),
        });
      } finally {
        await runtime.close();
      }
    }
    const { runCommand } = await import('./run-command.js');
    return await runCommand(line, env, decided);
  } catch (error) {
    return await reportError(error, debug);
  }
}

/** Agoras' `-l LEVEL`: DEBUG is --debug; the other levels are accepted and change nothing. */
function checkLogLevel(level: string | undefined): boolean {
  if (level === undefined) return false;
  const upper = level.toUpperCase();
  if (!['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'].includes(upper))
    throw new UsageError(`-l must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not '${level}'.`);
  return upper === 'DEBUG';
}

/** One line on stderr: what is wrong and what to do; the stack only with --debug. */
export async function reportError(error: unknown, debug: boolean): Promise<number> {
  const [{ nextStep }, { terminalSafe }, { redact }] = await Promise.all([
    import('./fixes.js'),
    import('../shared/sanitize.js'),
    import('../shared/secrets.js'),
  ]);
  // One line whatever the message holds (a TIKTOK_* value with a newline, a feed's ESC): the
  // sanitiser marks control characters; only a --debug stack keeps its newlines.
  const line = (text: string) => process.stderr.write(`${terminalSafe(redact(text))}\n`);
  const stack = (text: string) =>
    process.stderr.write(`${terminalSafe(redact(text), { keepNewlines: true })}\n`);
  if (error instanceof AgorasError) {
    const next = nextStep(error);
    line(`agoras: ${error.message}${next ? ` (${next})` : ''}`);
    if (debug && error.cause) stack(String((error.cause as Error).stack ?? error.cause));
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  line(`agoras: unexpected error: ${message} (run with --debug for details)`);
  if (debug && error instanceof Error) stack(String(error.stack));
  return ExitCode.unexpected;
}
