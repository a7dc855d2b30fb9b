import { mediaFacts } from '../core/post-summary.js';
import { GUIDELINE_TEXT, PRIVACY_LABELS } from '../core/rules.js';
import type { Runtime } from '../core/runtime.js';
import { createAgoras } from '../core/service.js';
import { normalizeMediaInput } from '../media/media-path.js';
import { CancelledError } from '../shared/errors.js';
import { PRIVACY_LEVELS, type PrivacyLevel } from '../shared/post-job.js';
import { looksLikeUrl } from '../shared/url.js';
import type { CreatorInfo } from '../tiktok/types.js';
import { choose } from './choice-prompt.js';
import { type FlagName, flagLabel, type ParsedArgs } from './flags.js';
import type { AskKind } from './job-from-flags.js';

/** Plain questions for the flags a person is most often asked for. */
const PROMPTS: Partial<Record<FlagName, string>> = {
  'tiktok-title': 'Title (caption)',
  'tiktok-video-url': 'Video: an http(s) URL or a local file',
  'status-image-url-1': 'Image URL',
  'tiktok-username': 'Account name',
  'tiktok-client-key': "Your TikTok app's client key",
  'tiktok-client-secret': "Your TikTok app's client secret",
};

/** What this run's prompts learned: the account, its creator_info, what each media check found. */
export interface PromptState {
  asked: Set<FlagName>;
  username?: string;
  creator?: Promise<CreatorInfo>;
  facts: Map<string, string>;
}

const states = new WeakMap<Runtime, PromptState>();

/** The prompts' state for this run (one runtime per command). */
export function promptState(runtime: Runtime): PromptState {
  let state = states.get(runtime);
  if (!state) {
    state = { asked: new Set(), facts: new Map() };
    states.set(runtime, state);
  }
  return state;
}

async function accountOf(runtime: Runtime, args: ParsedArgs): Promise<string | undefined> {
  return args.values['tiktok-username'] || promptState(runtime).username || runtime.store.defaultAccount();
}

/** creator_info for the account being posted with, fetched once per run; undefined without one. */
export async function creatorFor(runtime: Runtime, args: ParsedArgs): Promise<CreatorInfo | undefined> {
  const state = promptState(runtime);
  const username = await accountOf(runtime, args);
  if (!username || (!runtime.sandbox && !(await runtime.store.account(username)))) return undefined;
  state.creator ??= createAgoras(runtime).creatorInfo(username);
  return state.creator;
}

/** The byte a terminal sends for Esc when it is pressed alone (a key's sequence starts with it too). */
const ESC = 0x1b;

/**
 * "Post to TikTok?": yes posts; no, Esc or Ctrl+C is "Not posted." — exit 130, one line, nothing
 * sent. Esc alone arrives as one lone byte; arrow keys and the like start with it but are longer.
 */
export async function confirmPost(stdin: NodeJS.ReadStream = process.stdin): Promise<void> {
  const { confirm } = await import('@inquirer/prompts');
  const esc = new AbortController();
  const onData = (chunk: Buffer | string) => {
    if (chunk.length === 1 && (typeof chunk === 'string' ? chunk.charCodeAt(0) : chunk[0]) === ESC)
      esc.abort();
  };
  stdin.on('data', onData);
  try {
    const yes = await confirm({ message: 'Post to TikTok?', default: false }, { signal: esc.signal });
    if (!yes) throw new CancelledError('Not posted.');
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'AbortPromptError' || name === 'ExitPromptError') throw new CancelledError('Not posted.');
    throw error;
  } finally {
    stdin.off('data', onData);
  }
}

/** Wraps a prompt so Ctrl+C in it is a cancellation (exit 130), not a stack trace. */
export async function prompting<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if ((error as Error).name === 'ExitPromptError') throw new CancelledError();
    throw error;
  }
}

/** Checks a video at its own prompt, as the wizard does on Enter: the answer is a path that exists. */
async function checkVideoAnswer(value: string, runtime: Runtime, args: ParsedArgs): Promise<string | true> {
  const input = normalizeMediaInput(value);
  if (input === '') return 'Enter an http(s) URL or a file path.';
  if (args.values['tiktok-video-source'] === 'pull')
    return looksLikeUrl(input) || 'TikTok pulls only http(s) URLs.';
  const creator = await creatorFor(runtime, args);
  if (!creator) return true;
  const check = await createAgoras(runtime).checkVideo(input, creator, AbortSignal.timeout(120_000));
  if (!check.ok) return check.message;
  promptState(runtime).facts.set(input, mediaFacts(check));
  return true;
}

async function checkImageAnswer(value: string, runtime: Runtime): Promise<string | true> {
  const url = value.trim();
  if (!looksLikeUrl(url)) return 'TikTok pulls photos from the web: enter an http(s) URL.';
  const check = await createAgoras(runtime).checkImage(url, AbortSignal.timeout(60_000));
  if (!check.ok) return check.message;
  promptState(runtime).facts.set(url, mediaFacts(check));
  return true;
}

/** Asks for one missing flag with @inquirer/prompts (a terminal without --headless). */
export async function askFor(
  flag: FlagName,
  kind: AskKind,
  runtime: Runtime,
  args: ParsedArgs,
): Promise<string> {
  const { input, password } = await import('@inquirer/prompts');
  const state = promptState(runtime);
  state.asked.add(flag);
  const message = `${PROMPTS[flag] ?? flagLabel(flag)}:`;
  const answer = await prompting(async () => {
    if (kind === 'secret')
      return password({ message, mask: '•', validate: (v) => v.length > 0 || 'required' });
    if (kind === 'privacy') return choosePrivacy(runtime, args);
    if (kind === 'video') {
      const typed = await input({ message, validate: (v) => checkVideoAnswer(v, runtime, args) });
      return normalizeMediaInput(typed);
    }
    if (kind === 'image')
      return (await input({ message, validate: (v) => checkImageAnswer(v, runtime) })).trim();
    return input({ message, validate: (v) => v.trim().length > 0 || 'required' });
  });
  if (flag === 'tiktok-username') state.username = answer;
  return answer;
}

/** Who can see the post: the creator's levels, none chosen until the user moves to one. */
async function choosePrivacy(runtime: Runtime, args: ParsedArgs): Promise<PrivacyLevel> {
  const creator = await creatorFor(runtime, args).catch(() => undefined);
  const levels = creator?.privacy_level_options ?? [...PRIVACY_LEVELS];
  const branded = args.values['brand-content'] === true;
  return choose({
    message: 'Who can see this post?',
    nothingChosen: 'Nothing is chosen: move to who can see it with ↑/↓, then press Enter.',
    choices: levels.map((value) => ({
      value,
      name: PRIVACY_LABELS[value],
      disabled: value === 'SELF_ONLY' && branded ? GUIDELINE_TEXT.brandedNotPrivate : undefined,
    })),
  });
}
