import { UsageError } from '../shared/errors.js';
import { COMMANDS } from './commands.js';
import { didYouMean } from './suggest.js';

/** What a command line asks help about, or undefined when it does not ask for help. */
export function helpTopic(argv: readonly string[]): { command?: string; action?: string } | undefined {
  const asksHelp = argv[0] === 'help' || argv.includes('--help') || argv.includes('-h');
  if (!asksHelp) return undefined;
  const words = argv[0] === 'help' ? argv.slice(1) : argv;
  const command = words[0] !== undefined && !words[0].startsWith('-') ? words[0] : undefined;
  const at = argv.findIndex((a) => a === '--action' || a.startsWith('--action='));
  const action =
    at < 0 ? (argv[0] === 'help' ? words[1] : undefined) : (argv[at]!.split('=')[1] ?? argv[at + 1]);
  if (command !== undefined && !COMMANDS.some(([name]) => name === command)) {
    throw unknownCommand(command);
  }
  return { ...(command ? { command } : {}), ...(action ? { action } : {}) };
}

/** "Unknown command 'publsh'. (Did you mean publish?)" */
export function unknownCommand(command: string): UsageError {
  const names = COMMANDS.map(([name]) => name);
  return new UsageError(`Unknown command '${command}'.`, {
    hint: didYouMean(command, names) ?? 'see agoras help',
  });
}
