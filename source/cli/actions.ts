import { UsageError } from '../shared/errors.js';
import type { FlagValues } from './flags.js';
import { missing } from './job-from-flags.js';
import { didYouMean } from './suggest.js';

const UNSUPPORTED = new Set(['like', 'share', 'delete']);
/** The seed's actions for TikTok. */
export const ACTIONS = [
  'authorize',
  'video',
  'post',
  'last-from-feed',
  'random-from-feed',
  'schedule',
] as const;

/**
 * Checks --network and --action before anything is loaded or read: a typo costs no config access.
 * Returns the action.
 */
export function checkPublishTarget(values: FlagValues): (typeof ACTIONS)[number] {
  const network = values.network;
  if (typeof network !== 'string') throw missing('network');
  if (network.toLowerCase() !== 'tiktok') {
    throw new UsageError(`This agoras publishes to TikTok only, not '${network}'.`, {
      hint: 'use --network tiktok',
    });
  }
  const action = String(values.action ?? '');
  if (!action) throw missing('action');
  if (UNSUPPORTED.has(action)) {
    throw new UsageError(`The TikTok API does not support the '${action}' action.`, {
      hint: `supported: ${ACTIONS.join(', ')}`,
    });
  }
  if (!(ACTIONS as readonly string[]).includes(action)) {
    throw new UsageError(`Unknown action '${action}'.`, {
      hint: didYouMean(action, ACTIONS) ?? `use one of: ${ACTIONS.join(', ')}`,
    });
  }
  return action as (typeof ACTIONS)[number];
}
