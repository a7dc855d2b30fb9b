import { UsageError } from '../core/errors.js';
import type { ParsedArgs } from './flags.js';
import type { CommandIO } from './publish-command.js';
import type { Runtime } from './runtime.js';

/** Opens the wizard: placeholder until the wizard lands. */
export async function runWizardCommand(
  _args: ParsedArgs,
  _runtime: Runtime,
  _io: CommandIO & { version: string },
): Promise<number> {
  throw new UsageError('The wizard is not available yet.');
}
