import { AgorasError } from '../shared/errors.js';
import { terminalSafe } from '../shared/sanitize.js';
import { helpPage, sandboxHelp } from './help.js';
import { helpTopic } from './help-topic.js';

/**
 * The help pages, on their own: built as one file that loads nothing else, so `--help` answers about
 * as fast as `--version`. An unknown command is one line and exit 2, as everywhere.
 */
export function helpMain(argv: readonly string[], version: string, stdout: NodeJS.WritableStream): number {
  try {
    if (argv[0] === 'sandbox') stdout.write(sandboxHelp());
    else stdout.write(helpPage(helpTopic(argv) ?? {}, version));
    return 0;
  } catch (error) {
    if (!(error instanceof AgorasError)) throw error;
    const hint = error.hint ? ` (${error.hint})` : '';
    process.stderr.write(`${terminalSafe(`agoras: ${error.message}${hint}`)}\n`);
    return error.exitCode;
  }
}
