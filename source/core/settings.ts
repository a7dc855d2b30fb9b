/** The run's settings, read from the environment once, when the runtime is built. */
export interface Settings {
  /** AGORAS_POLL_INTERVAL_MS: the first interval of status polling (default 2 s). */
  pollIntervalMs: number;
  /** AGORAS_LOCK_WAIT_MS: how long a run waits for another run of the same account (default: the store's). */
  lockWaitMs?: number;
  /** AGORAS_RATE_WINDOW_MS: a shorter rate-limit window, to rehearse TikTok's limits against a sandbox. */
  rateWindowMs?: number;
}

function whole(env: NodeJS.ProcessEnv, name: string, min: number): number | undefined {
  const raw = env[name];
  const value = Number(raw);
  return raw && Number.isFinite(value) && value >= min ? value : undefined;
}

/** Reads the settings (a value that is not a number is ignored, its default applies). */
export function readSettings(env: NodeJS.ProcessEnv): Settings {
  const lockWaitMs = whole(env, 'AGORAS_LOCK_WAIT_MS', 0);
  const rateWindowMs = whole(env, 'AGORAS_RATE_WINDOW_MS', 1);
  return {
    pollIntervalMs: whole(env, 'AGORAS_POLL_INTERVAL_MS', 1) ?? 2000,
    ...(lockWaitMs !== undefined ? { lockWaitMs } : {}),
    ...(rateWindowMs !== undefined ? { rateWindowMs } : {}),
  };
}
