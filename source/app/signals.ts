import { runCleanups } from '../shared/cleanup.js';
import { CancelledError, ExitCode } from '../shared/errors.js';

/** 128 + the signal's number, as shells report it. */
const CODES = { SIGINT: ExitCode.cancelled, SIGTERM: ExitCode.terminated, SIGHUP: ExitCode.hangup } as const;
type Signal = keyof typeof CODES;
const SIGNALS = Object.keys(CODES) as Signal[];

const controller = new AbortController();
let received: Signal | undefined;
let ours: ((signal: Signal) => void) | undefined;

/** The run's cancellation: aborted by the first SIGINT, SIGTERM or SIGHUP, with a CancelledError. */
export function runSignal(): AbortSignal {
  return controller.signal;
}

/**
 * Takes SIGINT, SIGTERM and SIGHUP for agoras, in every mode: the first one aborts the run (its
 * work stops, spools are deleted and locks released as it unwinds, "Cancelled" is printed, and
 * the exit code is 130, 143 or 129); a second one, or a run that has not wound down after
 * `graceMs`, runs the registered clean-ups at once and exits.
 *
 * Other listeners for these signals are removed as they are added: `when-exit` (loaded by conf
 * through atomically) re-raises the signal at once after its own listener, which killed the
 * process before any clean-up. What they do at exit still runs, on the 'exit' event.
 */
export function installSignalHandlers(options: { stderr: NodeJS.WritableStream; graceMs: number }): void {
  if (ours) return;
  const forceExit = (code: number) => {
    runCleanups();
    options.stderr.write('agoras: Cancelled.\n');
    process.exit(code);
  };
  ours = (signal) => {
    if (received) forceExit(CODES[received]);
    received = signal;
    controller.abort(new CancelledError('Cancelled.', CODES[signal]));
    setTimeout(() => forceExit(CODES[signal]), options.graceMs).unref();
  };
  const handler = ours;
  const listeners = new Map(SIGNALS.map((signal) => [signal, () => handler(signal)]));
  for (const [signal, listener] of listeners) {
    for (const other of process.listeners(signal)) process.off(signal, other as () => void);
    process.on(signal, listener);
  }
  process.on('newListener', (event, listener) => {
    const signal = event as Signal;
    if (!listeners.has(signal) || listener === listeners.get(signal)) return;
    // Added after this returns; removed right after.
    queueMicrotask(() => process.off(signal, listener as () => void));
  });
  process.on('exit', runCleanups);
}

/** Cancels the run as SIGINT would (Ctrl+C read from a raw-mode terminal). */
export function interruptRun(): void {
  if (ours) ours('SIGINT');
  else process.kill(process.pid, 'SIGINT');
}

/** Called once the run has reported its outcome: after a signal, exit now rather than linger. */
export function exitIfSignalled(): void {
  if (!received) return;
  runCleanups();
  process.exit(CODES[received]);
}
