import { lazyAgoras } from '../app/lazy.js';
import type { Runtime } from '../core/runtime.js';

// Starts loading as soon as this module is: run-command imports it first on the wizard's path.
const ui = import('./app.js');

/**
 * `agoras` in a terminal: the Ink wizard, loaded only now so headless runs never parse React. The
 * runtime is built by the services on first use, after the first frame is drawn.
 */
export async function runWizardCommand(
  options: { sandbox: boolean },
  makeRuntime: () => Promise<Runtime>,
  io: { openBrowser?(url: string): Promise<void> },
): Promise<number> {
  const { runWizard } = await ui;
  const services = lazyAgoras(async () => {
    const [{ createAgoras }, runtime] = await Promise.all([import('../core/service.js'), makeRuntime()]);
    return createAgoras(runtime, { openBrowser: io.openBrowser });
  });
  return runWizard(services, {
    sandbox: options.sandbox,
    features: { feeds: true, schedule: true },
  });
}
