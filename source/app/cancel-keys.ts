/** The byte a terminal in raw mode sends for Ctrl+C (in cooked mode the terminal raises SIGINT itself). */
const CTRL_C = 0x03;

/**
 * Ctrl+C typed while a raw-mode terminal runs the line mode (a spinner, the upload bar, status
 * polling) cancels the run as SIGINT does: a raw terminal raises no signal, so the key is read
 * here, anywhere in a burst of keys. Other keys are swallowed (they would smear the spinner).
 * `rearm` takes raw mode back after a prompt handed it over; `stop` gives the terminal back.
 */
export function cancelOnCtrlC(
  stdin: NodeJS.ReadStream,
  onCancel: () => void,
): { rearm(): void; stop(): void } {
  const idle = { rearm() {}, stop() {} };
  if (!stdin.isTTY || typeof stdin.setRawMode !== 'function') return idle;
  const wasRaw = stdin.isRaw;
  const onData = (chunk: Buffer | string) => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (bytes.includes(CTRL_C)) onCancel();
  };
  let stopped = false;
  const rearm = () => {
    if (stopped) return;
    if (!stdin.isRaw) stdin.setRawMode(true);
    if (stdin.isPaused()) stdin.resume();
  };
  stdin.on('data', onData);
  rearm();
  return {
    rearm,
    stop() {
      if (stopped) return;
      stopped = true;
      stdin.off('data', onData);
      stdin.setRawMode(wasRaw);
      stdin.pause();
    },
  };
}
