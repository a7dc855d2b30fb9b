import type { ParsedArgs } from './flags.js';
import type { CommandIO } from './publish-command.js';
import type { Runtime } from './runtime.js';
import { createWizardServices } from './wizard-services.js';

/** `agoras` in a terminal: the Ink wizard, loaded only now so headless runs never parse React. */
export async function runWizardCommand(
  args: ParsedArgs,
  runtime: Runtime,
  io: CommandIO & { version: string },
): Promise<number> {
  const { runWizard } = await import('../ui/app.js');
  const services = createWizardServices(runtime, { openBrowser: io.openBrowser });
  return runWizard(services, { sandbox: Boolean(args.values.sandbox) });
}
