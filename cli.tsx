// agoras: parse argv → build the runtime → pick a front end → map the result to an exit code.
// Kept light: heavy modules (undici, Ink, the sandbox) load only on the paths that need them.
import { setFlagsFromString } from 'node:v8';
import { browserOpener, frontEnd, isInteractive, lazyRuntime } from './source/app/route.js';
import { exitIfSignalled, installSignalHandlers } from './source/app/signals.js';
import { resolveCommandLine } from './source/cli/command-line.js';
import { nextStep } from './source/cli/fixes.js';
import { helpTopic } from './source/cli/help-topic.js';
import { AgorasError, ExitCode, UsageError } from './source/shared/errors.js';
import { terminalSafe } from './source/shared/sanitize.js';
import { redact } from './source/shared/secrets.js';

// undici parses HTTP with a WebAssembly module; optimising it with TurboFan costs ~35 MB of peak
// memory for no measurable gain on our few, small responses. The baseline compiler is enough.
setFlagsFromString('--liftoff-only');

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

/** Runs the CLI and returns the exit code; never throws. */
export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let debug =
    argv.some((a) => /^--debug(=(true|1|yes|on))?$/i.test(a)) ||
    /^(1|true|yes|on)$/i.test(env.AGORAS_DEBUG ?? '');
  try {
    if (argv[0] === 'sandbox') {
      if (argv.includes('--help') || argv.includes('-h')) {
        const { sandboxHelp } = await import('./source/cli/help.js');
        process.stdout.write(sandboxHelp());
        return ExitCode.ok;
      }
      const { runSandboxCommand } = await import('./source/sandbox/command.js');
      return await runSandboxCommand(argv.slice(1), { stdout: process.stdout, stderr: process.stderr });
    }
    // --version and --help answer whatever else is on the line or in the environment.
    if (argv.includes('--version') || argv.includes('-v') || argv.includes('-V')) {
      process.stdout.write(`${VERSION}\n`);
      return ExitCode.ok;
    }
    // Help is per command, like gh: agoras help publish, publish --action video --help…
    const topic = helpTopic(argv);
    if (topic) {
      const { helpPage } = await import('./source/cli/help.js');
      process.stdout.write(helpPage(topic, VERSION));
      return ExitCode.ok;
    }
    if (argv[0] === 'completion') {
      const { completionScript } = await import('./source/cli/completion.js');
      process.stdout.write(completionScript(argv[1]));
      return ExitCode.ok;
    }
    const line = resolveCommandLine(argv, env);
    const { args } = line;
    debug = args.values.debug === true || checkLogLevel(args.values.loglevel);
    if (debug) args.values.debug = true;
    for (const ignored of line.ignoredEnv) process.stderr.write(`agoras: debug: ignoring ${ignored}\n`);
    if (args.values['show-migration'] === true) {
      const { migrationLine } = await import('./source/cli/migration.js');
      process.stdout.write(`${migrationLine(line)}\n`);
      return ExitCode.ok;
    }
    const interactive = isInteractive(Boolean(args.values.headless), env);
    const front = frontEnd(args.positionals[0], interactive);
    // A command unwinds on its own (it stops its work and cleans up) within the grace; the wizard
    // does not listen for the run's signal, so it goes at once (clean-ups still run).
    installSignalHandlers({ stderr: process.stderr, graceMs: front === 'wizard' ? 100 : 3000 });
    if (front === 'no-tty') {
      throw new UsageError('Nothing to do: the wizard needs a terminal.', {
        hint: 'use agoras publish --network tiktok --action … (see agoras --help)',
      });
    }
    if (front === 'wizard') {
      const runtime = lazyRuntime(env, Boolean(args.values.sandbox), {
        url: args.values.store,
        insecure: args.values['store-insecure'],
      });
      try {
        const { runWizardCommand } = await import('./source/ui/launch.js');
        return await runWizardCommand({ sandbox: Boolean(args.values.sandbox) }, runtime.get, {
          openBrowser: browserOpener(args.values.browser !== false, env),
        });
      } finally {
        await runtime.close();
      }
    }
    const { runCommand } = await import('./source/cli/run-command.js');
    return await runCommand(line, env, interactive);
  } catch (error) {
    return reportError(error, debug);
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
export function reportError(error: unknown, debug: boolean): number {
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

// `agoras accounts | head -1`: a reader that goes away is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const code = await main(process.argv.slice(2), process.env);
process.exitCode = code;
exitIfSignalled();
