import { CancelledError, ExitCode, UsageError } from '../core/errors.js';
import { checkPublishTarget } from './actions.js';
import type { ParsedArgs } from './flags.js';
import type { AskFn } from './job-from-flags.js';
import { missing } from './job-from-flags.js';
import { createLineReporter } from './line-reporter.js';
import type { Runtime } from './runtime.js';

/** CI as Ink (is-in-ci) reads it: CI=false or CI=0 means not CI. */
function inCi(env: NodeJS.ProcessEnv): boolean {
  return ['CI', 'CONTINUOUS_INTEGRATION'].some(
    (key) => key in env && env[key] !== '0' && env[key] !== 'false',
  );
}

/** The one place that decides whether we may prompt and animate. */
export function isInteractive(args: ParsedArgs, env: NodeJS.ProcessEnv): boolean {
  return !args.values.headless && Boolean(process.stdin.isTTY && process.stdout.isTTY) && !inCi(env);
}

function hasDisplay(env: NodeJS.ProcessEnv): boolean {
  return (
    process.platform === 'darwin' ||
    process.platform === 'win32' ||
    Boolean(env.DISPLAY || env.WAYLAND_DISPLAY)
  );
}

/** Routes `agoras [publish|accounts] …` to its command with a runtime, and cleans up after. */
export async function runCommand(args: ParsedArgs, env: NodeJS.ProcessEnv): Promise<number> {
  const [command, ...rest] = args.positionals;
  const interactive = isInteractive(args, env);
  if (command !== undefined && command !== 'publish' && command !== 'accounts') {
    throw new UsageError(`Unknown command '${command}'.`, { hint: 'see agoras --help' });
  }
  if (command === undefined && !interactive) {
    throw new UsageError('Nothing to do: the wizard needs a terminal.', {
      hint: 'use agoras publish --network tiktok --action … (see agoras --help)',
    });
  }
  const openBrowser =
    args.values.browser !== false && env.AGORAS_NO_BROWSER !== '1' && hasDisplay(env)
      ? async (url: string) => {
          const { default: open } = await import('open');
          await open(url);
        }
      : undefined;
  const sandbox = Boolean(args.values.sandbox);
  if (command === undefined) {
    // The wizard draws its first frame before conf, undici or the sandbox load: they come with
    // the first service call.
    let runtime: Promise<Runtime> | undefined;
    const makeRuntime = () => {
      runtime ??= import('./runtime.js').then(({ createRuntime }) => createRuntime(env, { sandbox }));
      return runtime;
    };
    try {
      const { runWizardCommand } = await import('./wizard-command.js');
      return await runWizardCommand(args, makeRuntime, { openBrowser });
    } finally {
      if (runtime) await (await runtime).close();
    }
  }
  if (command === 'publish') checkPublishTarget(args.values);
  const controller = new AbortController();
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(ExitCode.cancelled);
    interrupted = true;
    controller.abort(new CancelledError());
  };
  process.on('SIGINT', onSigint);
  const { createRuntime } = await import('./runtime.js');
  const runtime = await createRuntime(env, { sandbox });
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
      signal: controller.signal,
      interactive,
      openBrowser,
    };
    if (command === 'publish') {
      const { runPublish } = await import('./publish-command.js');
      return await runPublish(args, runtime, io);
    }
    const { runAccounts } = await import('./accounts-command.js');
    return await runAccounts(rest, args, runtime, io);
  } catch (error) {
    if (controller.signal.aborted) throw new CancelledError();
    throw error;
  } finally {
    reporter.finish();
    process.off('SIGINT', onSigint);
    await runtime.close();
  }
}
