import { DEFAULT_DAILY_POST_CAP } from '../core/caps.js';
import {
  UNAUDITED_CHOICES,
  UNAUDITED_TEXT,
  type UnauditedChoice,
  type UnauditedPolicy,
  type UnauditedWhy,
} from '../core/unaudited.js';
import { UsageError } from '../shared/errors.js';
import { wrapText } from '../shared/wrap.js';
import type { CommandIO } from './command-io.js';
import { flagLabel, type ParsedArgs } from './flags.js';
import { countFlag } from './job-from-flags.js';

/** How the command line lives within TikTok's limits: --if-unaudited and --daily-post-cap. */
export interface PostLimits {
  ifUnaudited?: UnauditedPolicy;
  dailyPostCap: number;
}

/** --daily-post-cap: a whole number of at least 1 (default 15, TikTok's "about 15 a day"). */
export function dailyPostCap(args: ParsedArgs): number {
  return countFlag(args.values, 'daily-post-cap', DEFAULT_DAILY_POST_CAP);
}

function unauditedFlag(args: ParsedArgs): UnauditedChoice | undefined {
  const value = args.values['if-unaudited'];
  if (value === undefined || value === '') return undefined;
  const choice = value.trim().toLowerCase() as UnauditedChoice;
  if (!UNAUDITED_CHOICES.includes(choice))
    throw new UsageError(
      `${flagLabel('if-unaudited')} must be ${UNAUDITED_CHOICES.join(', ')}; not '${value}'.`,
    );
  return choice;
}

/** The question a person at a terminal gets instead of the flag. */
function askUnaudited(io: CommandIO): (why: UnauditedWhy) => Promise<UnauditedChoice> {
  return async (why) => {
    io.reporter.finish?.();
    const width = Math.min(100, (io.stderr as { columns?: number }).columns || 80);
    io.stderr.write(`\n${wrapText(UNAUDITED_TEXT, width).join('\n')}\n`);
    const { choose } = await import('./choice-prompt.js');
    const { prompting } = await import('./prompts.js');
    return prompting(() =>
      choose<UnauditedChoice>({
        message: why === 'privacy' ? 'Post it how?' : 'TikTok refused: this account is public. Instead?',
        choices: [
          {
            value: 'self-only',
            name: "Post it as 'Only me'",
            disabled: why === 'public-account' ? 'the account must be private first' : undefined,
          },
          { value: 'inbox', name: 'Send it to my TikTok inbox as a draft (I finish it in the app)' },
          { value: 'fail', name: 'Do not post it' },
        ],
        nothingChosen: 'Choose one with ↑/↓, then Enter.',
      }),
    );
  };
}

/** The limits of one run: the flags, and in a terminal without the flag, a question. */
export function postLimits(args: ParsedArgs, io: CommandIO): PostLimits {
  const flag = unauditedFlag(args);
  const ifUnaudited = flag ?? (io.interactive ? askUnaudited(io) : undefined);
  return { dailyPostCap: dailyPostCap(args), ...(ifUnaudited ? { ifUnaudited } : {}) };
}
