import { shellQuote } from '../shared/shell-quote.js';
import type { CommandLine } from './command-line.js';
import { type FlagName, PUBLISH_FLAGS } from './flags.js';

/** Flags whose values are never printed: the command shows the variable to set instead. */
const SECRET_FLAGS: Partial<Record<FlagName, string>> = {
  'tiktok-client-secret': 'TIKTOK_CLIENT_SECRET',
  'google-sheets-private-key': 'GOOGLE_SHEETS_PRIVATE_KEY',
};

/** Flags that only steer the translation or this printout. */
const NOT_CARRIED = new Set<string>(['show-migration', 'mode', 'platform', 'network', 'action', 'loglevel']);

/**
 * `--show-migration`: the seed's command this command line stands for, each flag by its own name,
 * shell-quoted; secrets as the variable that carries them, never their value.
 */
export function migrationLine(line: CommandLine): string {
  const words = ['agoras', ...line.args.positionals];
  if (line.command === 'publish') words.push('--network', 'tiktok', '--action', line.scope);
  for (const spec of PUBLISH_FLAGS) {
    if (!line.args.onCommandLine.has(spec.name) || NOT_CARRIED.has(spec.name)) continue;
    const value = line.args.values[spec.name];
    const secret = SECRET_FLAGS[spec.name];
    if (secret) words.push(`--${spec.name}`, `"$${secret}"`);
    else if (spec.type === 'boolean') words.push(value === false ? `--no-${spec.name}` : `--${spec.name}`);
    else words.push(`--${spec.name}`, shellQuote(String(value)));
  }
  if (line.args.values.loglevel?.toUpperCase() === 'DEBUG') words.push('--debug');
  return words.join(' ');
}
