import { UsageError } from '../core/errors.js';
import type { ParsedArgs } from './flags.js';
import type { CommandIO } from './publish-command.js';
import type { Runtime } from './runtime.js';

/** `agoras accounts`: placeholder until the accounts view lands. */
export async function runAccounts(
  _rest: string[],
  _args: ParsedArgs,
  _runtime: Runtime,
  _io: CommandIO,
): Promise<number> {
  throw new UsageError('agoras accounts is not available yet.');
}
