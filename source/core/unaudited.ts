import { RefusedError } from '../shared/errors.js';
import type { PostJob } from '../shared/post-job.js';
import type { CreatorInfo } from '../tiktok/types.js';

/**
 * An app TikTok has not audited yet (shared/tiktok-api.md): creator_info offers it SELF_ONLY only,
 * it posts only to private accounts (`unaudited_client_can_only_post_to_private_accounts` is about
 * the account, not the post), for at most 5 users in 24 h. What to do then is the person's choice.
 */
export type UnauditedChoice = 'self-only' | 'inbox' | 'fail';
export const UNAUDITED_CHOICES: readonly UnauditedChoice[] = ['self-only', 'inbox', 'fail'];

/** TikTok's error code for a post from an unaudited app to a public account. */
export const UNAUDITED_CODE = 'unaudited_client_can_only_post_to_private_accounts';

/**
 * Why the choice is asked: `privacy` when creator_info offers only SELF_ONLY and the post asks for
 * more; `public-account` when TikTok refused the init because the account is public.
 */
export type UnauditedWhy = 'privacy' | 'public-account';

/** What it means, in one paragraph, for a line or a screen. */
export const UNAUDITED_TEXT =
  "TikTok has not audited this app yet. Until it does, the app can post only to a private TikTok account, only as 'Only me', for at most 5 users a day.";

/** Who decides: a fixed answer (a flag), or a question to the person (line mode, the wizard). */
export type UnauditedPolicy = UnauditedChoice | ((why: UnauditedWhy) => Promise<UnauditedChoice>);

/** creator_info as an unaudited app sees it: SELF_ONLY and nothing else. */
export function looksUnaudited(creator: Pick<CreatorInfo, 'privacy_level_options'>): boolean {
  const options = creator.privacy_level_options;
  return options.length === 1 && options[0] === 'SELF_ONLY';
}

/** True when this job needs the person's choice before anything is sent. */
export function needsUnauditedChoice(job: PostJob, creator: CreatorInfo): boolean {
  return looksUnaudited(creator) && job.mode === 'direct' && job.privacy !== 'SELF_ONLY';
}

/** TikTok's refusal of an init because the app is unaudited and the account public. */
export function isUnauditedRefusal(error: unknown): boolean {
  return error instanceof RefusedError && error.code === UNAUDITED_CODE;
}

/** The refusal when nobody chose (headless default `fail`), or the choice cannot work. */
export function unauditedError(why: UnauditedWhy, detail?: string): RefusedError {
  const what =
    why === 'privacy'
      ? 'Not posted: this account can post only as "Only me" from this app.'
      : 'Not posted: TikTok refused it because this TikTok account is public.';
  return new RefusedError(`${what} ${UNAUDITED_TEXT}${detail ? ` ${detail}` : ''}`, {
    code: UNAUDITED_CODE,
    fix: { kind: 'unaudited', why },
  });
}

/**
 * The job as the person chose: posted as SELF_ONLY, or sent to the inbox as a draft (no privacy
 * is sent with a draft: the creator picks it in the app). Privacy is never changed without that choice.
 */
export function applyUnauditedChoice(job: PostJob, choice: UnauditedChoice, why: UnauditedWhy): PostJob {
  // A video draft carries no privacy (the creator picks it in the app); a photo draft carries the one offered.
  if (choice === 'inbox')
    return { ...job, mode: 'inbox', ...(why === 'privacy' ? { privacy: 'SELF_ONLY' } : {}) };
  if (choice === 'self-only' && why === 'privacy') {
    if (job.brand.content)
      throw unauditedError(
        why,
        'Branded content cannot be posted as "Only me": send it to the inbox instead.',
      );
    return { ...job, privacy: 'SELF_ONLY' };
  }
  // self-only on a public account changes nothing TikTok would take; fail is fail.
  throw unauditedError(why);
}

/** What a front end says once the choice is applied. */
export function unauditedNotice(choice: UnauditedChoice): string {
  return choice === 'inbox'
    ? 'TikTok has not audited this app: sending it to the TikTok inbox as a draft instead, as chosen.'
    : "TikTok has not audited this app: posting it as 'Only me', as chosen.";
}

/** The person's choice under a policy (a missing policy is `fail`). */
export async function decideUnaudited(
  policy: UnauditedPolicy | undefined,
  why: UnauditedWhy,
): Promise<UnauditedChoice> {
  if (policy === undefined) return 'fail';
  return typeof policy === 'function' ? policy(why) : policy;
}
