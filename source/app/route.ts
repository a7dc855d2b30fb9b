import type { Runtime } from '../core/runtime.js';

/** CI as Ink (is-in-ci) reads it: CI=false or CI=0 means not CI. */
function inCi(env: NodeJS.ProcessEnv): boolean {
  return ['CI', 'CONTINUOUS_INTEGRATION'].some(
    (key) => key in env && env[key] !== '0' && env[key] !== 'false',
  );
}

/** The one place that decides whether we may prompt and animate. */
export function isInteractive(headless: boolean, env: NodeJS.ProcessEnv): boolean {
  return !headless && Boolean(process.stdin.isTTY && process.stdout.isTTY) && !inCi(env);
}

function hasDisplay(env: NodeJS.ProcessEnv): boolean {
  return (
    process.platform === 'darwin' ||
    process.platform === 'win32' ||
    Boolean(env.DISPLAY || env.WAYLAND_DISPLAY)
  );
}

/** Opens a URL in the user's browser, when there is one to open and the user did not say no. */
export function browserOpener(
  allowed: boolean,
  env: NodeJS.ProcessEnv,
): ((url: string) => Promise<void>) | undefined {
  if (!allowed || env.AGORAS_NO_BROWSER === '1' || !hasDisplay(env)) return undefined;
  return async (url) => {
    const { default: open } = await import('open');
    await open(url);
  };
}

/** Which front end a command line goes to: the wizard, a command, or a usage error. */
export function frontEnd(command: string | undefined, interactive: boolean): 'wizard' | 'command' | 'no-tty' {
  if (command !== undefined) return 'command';
  return interactive ? 'wizard' : 'no-tty';
}

/**
 * The runtime built once, on first use: the wizard draws its first frame before conf, undici or the
 * sandbox load, and a command builds it when it starts.
 */
export function lazyRuntime(
  env: NodeJS.ProcessEnv,
  sandbox: boolean,
  store: { url?: string; insecure?: boolean } = {},
) {
  let runtime: Promise<Runtime> | undefined;
  return {
    get: () => {
      runtime ??= import('./runtime.js').then(({ createRuntime }) => createRuntime(env, { sandbox, store }));
      return runtime;
    },
    close: async () => {
      if (runtime) await (await runtime).close();
    },
  };
}
