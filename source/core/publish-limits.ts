import type { PostJob } from '../shared/post-job.js';
import type { Reporter } from '../shared/reporter.js';
import type { PostRecordStore } from '../store/state-store.js';
import type { CreatorInfo } from '../tiktok/types.js';
import { capReached, capWords, DEFAULT_DAILY_POST_CAP, draftCapError, freeAtWords, usageOf } from './caps.js';
import {
  applyUnauditedChoice,
  decideUnaudited,
  isUnauditedRefusal,
  looksUnaudited,
  needsUnauditedChoice,
  UNAUDITED_TEXT,
  type UnauditedPolicy,
  unauditedNotice,
} from './unaudited.js';

/** What a post needs to live within TikTok's limits: who decides for an unaudited app, and the daily cap. */
export interface LimitDeps {
  reporter: Reporter;
  records?: PostRecordStore;
  /** --if-unaudited, or a question to the person; absent: refuse (naming the choice). */
  ifUnaudited?: UnauditedPolicy;
  /** --daily-post-cap (TikTok says "about 15"). */
  dailyPostCap?: number;
}

/**
 * Before anything is sent: an unaudited app's choice (creator_info offers SELF_ONLY only, the post
 * asks for more), then the caps counted from our records: a 6th pending draft is refused, a post
 * past the daily cap is warned about (TikTok's figure is not published: it decides).
 */
export async function withinLimits(job: PostJob, creator: CreatorInfo, deps: LimitDeps): Promise<PostJob> {
  if (needsUnauditedChoice(job, creator)) {
    const choice = await decideUnaudited(deps.ifUnaudited, 'privacy');
    job = applyUnauditedChoice(job, choice, 'privacy');
    deps.reporter.warn(unauditedNotice(choice));
  } else if (looksUnaudited(creator)) {
    deps.reporter.info(UNAUDITED_TEXT); // nothing to choose, but worth knowing before it is sent
  }
  if (!deps.records) return job;
  const now = Date.now();
  const usage = await usageOf(deps.records, deps.dailyPostCap ?? DEFAULT_DAILY_POST_CAP, now).catch(
    () => undefined, // the count is advice: a store that cannot list it does not stop the post
  );
  const reached = usage && capReached(usage, job.mode, now);
  if (reached?.cap === 'drafts') throw draftCapError(reached);
  if (reached) {
    deps.reporter.warn(
      `${capWords(reached)}: TikTok may refuse this one (spam_risk_too_many_posts); there is room again after ${freeAtWords(reached)}.`,
    );
  }
  return job;
}

/**
 * TikTok refused the init because the unaudited app's account is public: nothing was created, so
 * with the person's consent the post goes to the inbox as a draft instead. Otherwise the refusal stands.
 */
export async function afterUnauditedRefusal(
  error: unknown,
  job: PostJob,
  deps: LimitDeps,
): Promise<PostJob | undefined> {
  if (!isUnauditedRefusal(error) || job.mode !== 'direct') return undefined;
  const choice = await decideUnaudited(deps.ifUnaudited, 'public-account');
  const next = applyUnauditedChoice(job, choice, 'public-account');
  deps.reporter.warn(unauditedNotice(choice));
  return next;
}
