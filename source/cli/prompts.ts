import { PRIVACY_LABELS } from '../core/rules.js';
import type { Runtime } from '../core/runtime.js';
import { createAgoras } from '../core/service.js';
import { CancelledError } from '../shared/errors.js';
import { PRIVACY_LEVELS } from '../shared/post-job.js';
import { type FlagName, flagLabel, type ParsedArgs } from './flags.js';

/** Plain questions for the flags a person is most often asked for. */
const PROMPTS: Partial<Record<FlagName, string>> = {
  'tiktok-title': 'Title (caption)',
  'tiktok-video-url': 'Video: an http(s) URL or a local file',
  'status-image-url-1': 'Image URL',
  'tiktok-username': 'Account name',
  'tiktok-client-key': "Your TikTok app's client key",
  'tiktok-client-secret': "Your TikTok app's client secret",
};

/** Asks for one missing flag with @inquirer/prompts (a terminal without --headless). */
export async function askFor(
  flag: FlagName,
  kind: 'text' | 'secret' | 'privacy',
  runtime: Runtime,
  args: ParsedArgs,
): Promise<string> {
  const { input, password, select } = await import('@inquirer/prompts');
  const message = `${PROMPTS[flag] ?? flagLabel(flag)}:`;
  try {
    if (kind === 'secret')
      return await password({ message, mask: '•', validate: (v) => v.length > 0 || 'required' });
    if (kind === 'privacy') {
      const options = await privacyOptions(runtime, args);
      return await select({
        message: 'Who can see this post?',
        choices: options.map((value) => ({ name: PRIVACY_LABELS[value], value })),
      });
    }
    return await input({ message, validate: (v) => v.trim().length > 0 || 'required' });
  } catch (error) {
    if ((error as Error).name === 'ExitPromptError') throw new CancelledError();
    throw error;
  }
}

/** The creator's allowed privacy levels (no default is preselected by TikTok's rules). */
async function privacyOptions(
  runtime: Runtime,
  args: ParsedArgs,
): Promise<(typeof PRIVACY_LEVELS)[number][]> {
  const username = args.values['tiktok-username'] ?? runtime.store.defaultAccount();
  if (!username || !runtime.store.account(username)) return [...PRIVACY_LEVELS];
  try {
    const info = await createAgoras(runtime).creatorInfo(username);
    return info.privacy_level_options;
  } catch {
    return [...PRIVACY_LEVELS];
  }
}
