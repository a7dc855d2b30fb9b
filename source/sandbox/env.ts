import type { SandboxOptions } from './context.js';
import { parseDuration, parseLifetimes } from './durations.js';

/** The environment switches of the emulator, for `agoras sandbox` and for `--sandbox` runs alike. */
export const SANDBOX_ENV = {
  statusDelayMs: 'AGORAS_SANDBOX_STATUS_DELAY_MS',
  moderationDelay: 'AGORAS_SANDBOX_MODERATION_DELAY',
  tokenLifetimes: 'AGORAS_SANDBOX_TOKEN_LIFETIMES',
  /** Read by `agoras sandbox` only (a container image sets 0.0.0.0); in-process sandboxes stay on loopback. */
  host: 'AGORAS_SANDBOX_HOST',
  unaudited: 'AGORAS_SANDBOX_UNAUDITED',
  privateAccount: 'AGORAS_SANDBOX_PRIVATE_ACCOUNT',
  sparse: 'AGORAS_SANDBOX_SPARSE',
  retryAfter: 'AGORAS_SANDBOX_RETRY_AFTER',
} as const;

type EnvSwitch = 'unaudited' | 'privateAccount' | 'sparse' | 'retryAfter';
const SWITCHES: EnvSwitch[] = ['unaudited', 'privateAccount', 'sparse', 'retryAfter'];

/** '1', 'true', 'yes', 'on' (any case) → true; '0', 'false', 'no', 'off', '' → false; unset → undefined. */
function flag(value: string | undefined, name: string): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['', '0', 'false', 'no', 'off'].includes(v)) return false;
  throw new Error(`${name} must be 1 or 0 (got '${value}').`);
}

/** TikTok: moderation takes "in some cases a few hours"; a day is room enough to rehearse that. */
export const MAX_MODERATION_MS = 86_400_000;

/**
 * Sandbox options from the environment: AGORAS_SANDBOX_UNAUDITED=1, AGORAS_SANDBOX_PRIVATE_ACCOUNT=1,
 * AGORAS_SANDBOX_SPARSE=1, AGORAS_SANDBOX_RETRY_AFTER=1, AGORAS_SANDBOX_STATUS_DELAY_MS=N and
 * AGORAS_SANDBOX_MODERATION_DELAY=DURATION (1500, 30s, 2h), AGORAS_SANDBOX_TOKEN_LIFETIMES=2h/180d. Unset
 * variables leave the option out (its default applies); a malformed value throws with the variable's name.
 */
export function sandboxOptionsFromEnv(env: NodeJS.ProcessEnv): SandboxOptions {
  const options: SandboxOptions = {};
  for (const key of SWITCHES) {
    const value = flag(env[SANDBOX_ENV[key]], SANDBOX_ENV[key]);
    if (value !== undefined) options[key] = value;
  }
  const delay = env[SANDBOX_ENV.statusDelayMs];
  if (delay !== undefined && delay.trim() !== '') {
    if (!/^\d+$/.test(delay.trim()) || Number(delay) > 3_600_000) {
      throw new Error(`${SANDBOX_ENV.statusDelayMs} must be a whole number of milliseconds up to 3600000.`);
    }
    options.statusDelayMs = Number(delay);
  }
  const moderation = env[SANDBOX_ENV.moderationDelay];
  if (moderation !== undefined && moderation.trim() !== '') {
    options.moderationDelayMs = parseDuration(
      moderation,
      SANDBOX_ENV.moderationDelay,
      'ms',
      MAX_MODERATION_MS,
    );
  }
  const lifetimes = env[SANDBOX_ENV.tokenLifetimes];
  if (lifetimes !== undefined && lifetimes.trim() !== '') {
    Object.assign(options, parseLifetimes(lifetimes.trim(), SANDBOX_ENV.tokenLifetimes));
  }
  return options;
}
