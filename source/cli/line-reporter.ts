import { GUIDELINE_TEXT } from '../core/rules.js';
import { formatBytes } from '../shared/format.js';
import type { Reporter } from '../shared/reporter.js';
import { terminalSafe } from '../shared/sanitize.js';
import { redact } from '../shared/secrets.js';

/** The edge to the terminal: secrets masked, and no control character (a feed title's ESC) written raw. */
const safe = (text: string) => terminalSafe(redact(text));

export interface LineReporterOptions {
  stream: NodeJS.WritableStream & { isTTY?: boolean };
  /** An ora spinner for steps and progress, only in an interactive terminal. */
  spinner?: { text: string; start(text?: string): unknown; stop(): unknown; succeed(text?: string): unknown };
}

/** Reports to stderr as plain lines (cron, pipes) or through a spinner (a person at a terminal). */
export function createLineReporter(options: LineReporterOptions): Reporter & { finish(): void } {
  const { stream, spinner } = options;
  let lastQuarter = -1;
  let current = '';
  const line = (text: string) => {
    // A message ends the step it belongs to, so the screen reads top to bottom in order.
    if (spinner && current) spinner.succeed(current);
    current = '';
    stream.write(`${safe(text)}\n`);
  };
  return {
    step(message) {
      if (spinner) {
        if (current) spinner.succeed(current);
        current = safe(message);
        spinner.start(current);
      } else {
        line(`${message}…`);
      }
    },
    progress(sent, total) {
      const percent = total ? Math.floor((sent / total) * 100) : 100;
      if (spinner) {
        spinner.text = `${current} ${percent}% (${formatBytes(sent)} of ${formatBytes(total)})`;
        return;
      }
      // Without a terminal, a line per quarter keeps cron logs short but shows progress.
      const quarter = Math.floor(percent / 25);
      if (quarter !== lastQuarter) {
        lastQuarter = quarter;
        line(`  uploaded ${percent}% (${formatBytes(sent)} of ${formatBytes(total)})`);
      }
    },
    warn(message) {
      line(`warning: ${message}`);
    },
    info(message) {
      line(message);
    },
    event(event) {
      if (event.kind === 'processing') line(GUIDELINE_TEXT.mayTakeMinutes);
    },
    finish() {
      if (spinner && current) spinner.succeed(current);
      current = '';
    },
  };
}
