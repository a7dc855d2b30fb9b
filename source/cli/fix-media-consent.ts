import type { MediaFixPolicy } from '../core/fix-media.js';
import type { CommandIO } from './command-io.js';
import type { ParsedArgs } from './flags.js';
import { prompting } from './prompts.js';

/**
 * Whether a file TikTok would fail is converted: `--fix-media` says yes, `--no-fix-media` no; a
 * person at a terminal is asked; headless without the flag refuses, naming it.
 */
export function mediaFixPolicy(values: ParsedArgs['values'], io: CommandIO): MediaFixPolicy {
  const trimToMax = values['trim-to-max'] === true;
  const given = values['fix-media'];
  if (given === true) return { consent: 'convert', trimToMax };
  if (given === false || !io.interactive) return { consent: 'refuse', trimToMax };
  return {
    trimToMax,
    consent: async (offer) => {
      io.reporter.finish?.();
      io.stderr.write(`${offer.refusal}\n`);
      const { confirm } = await import('@inquirer/prompts');
      const message = `Convert a copy (${offer.changes.join(', ')})? The original stays as it is.`;
      return prompting(() => confirm({ message, default: true }));
    },
  };
}
