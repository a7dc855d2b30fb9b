import type { ParsedArgs } from './flags.js';
import type { CommandIO } from './publish-command.js';
import type { Runtime } from './runtime.js';
import { createWizardServices } from './wizard-services.js';

// Starts loading as soon as this module is: run-command imports it before building the runtime.
const ui = import('../ui/app.js');

/** `agoras` in a terminal: the Ink wizard, loaded only now so headless runs never parse React. */
export async function runWizardCommand(
  args: ParsedArgs,
  runtime: Runtime,
  io: CommandIO & { version: string },
): Promise<number> {
  const { runWizard } = await ui;
  const services = createWizardServices(runtime, { openBrowser: io.openBrowser });
  return runWizard(services, {
    sandbox: Boolean(args.values.sandbox),
    features: { feeds: true, schedule: true },
  });
}
