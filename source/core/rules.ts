import { type BrandOptions, LIMITS, type PostJob, type PrivacyLevel } from '../shared/post-job.js';
import { hasVisibleText } from '../shared/sanitize.js';
import type { CreatorInfo } from '../tiktok/types.js';

export { LIMITS };

/** TikTok's own sentences from the Content Sharing Guidelines. */
export const GUIDELINE_TEXT = {
  brandChoiceRequired: 'You need to indicate if your content promotes yourself, a third party, or both.',
  brandedNotPrivate: 'Branded content visibility cannot be set to private.',
  musicDeclaration: "By posting, you agree to TikTok's Music Usage Confirmation.",
  brandedDeclaration:
    "By posting, you agree to TikTok's Branded Content Policy and Music Usage Confirmation.",
  mayTakeMinutes: 'It may take a few minutes for your post to process and appear on your profile.',
} as const;

/** Plain words for each privacy level, as the wizard and messages show them. */
export const PRIVACY_LABELS: Record<PrivacyLevel, string> = {
  PUBLIC_TO_EVERYONE: 'Everyone',
  MUTUAL_FOLLOW_FRIENDS: 'Friends (mutual followers)',
  FOLLOWER_OF_CREATOR: 'Followers',
  SELF_ONLY: 'Only me',
};

/** The label TikTok shows on the post, or undefined when it is not commercial content. */
export function commercialLabel(brand: BrandOptions): string | undefined {
  if (brand.content) return 'Paid partnership';
  if (brand.organic) return 'Promotional content';
  return undefined;
}

/** TikTok's own sentence for the label ("Your video will be labeled as 'Paid partnership'"), if any. */
export function labelSentence(
  kind: PostJob['kind'] | 'photo/video',
  brand: BrandOptions,
): string | undefined {
  const label = commercialLabel(brand);
  return label && `Your ${kind} will be labeled as '${label}'`;
}

/** The policies the declaration names, with the pages TikTok's guidelines link them to. */
export const POLICY_LINKS = {
  music: {
    text: 'Music Usage Confirmation',
    url: 'https://www.tiktok.com/legal/page/global/music-usage-confirmation/en',
  },
  branded: { text: 'Branded Content Policy', url: 'https://www.tiktok.com/legal/page/global/bc-policy/en' },
} as const;

/** The declaration that must be shown right before publishing. */
export function declaration(brand: BrandOptions): string {
  return brand.content ? GUIDELINE_TEXT.brandedDeclaration : GUIDELINE_TEXT.musicDeclaration;
}

/**
 * The declaration with its policy names passed through `linked` (a front end makes them links),
 * the rest of TikTok's sentence unchanged.
 */
export function linkedDeclaration(
  brand: BrandOptions,
  linked: (text: string, url: string) => string,
): string {
  let text: string = declaration(brand);
  for (const policy of Object.values(POLICY_LINKS))
    text = text.replace(policy.text, linked(policy.text, policy.url));
  return text;
}

/** Length as TikTok counts it (UTF-16 code units, which is what JS string length is). */
export function titleLength(title: string): number {
  return title.length;
}

/** The title limit for a kind of post. */
export function titleLimit(kind: PostJob['kind']): number {
  return kind === 'video' ? LIMITS.videoTitle : LIMITS.photoTitle;
}

/** One problem found in a job, with the flag it concerns (for headless messages). */
export interface JobProblem {
  field: 'title' | 'description' | 'privacy' | 'brand' | 'comments' | 'duet' | 'stitch' | 'images';
  message: string;
}

/**
 * Checks a job against TikTok's rules and the creator's settings, before anything is uploaded.
 * Pure: the wizard shows the problems inline, headless turns the first into a UsageError.
 */
export function checkJob(job: PostJob, creator?: CreatorInfo): JobProblem[] {
  const problems: JobProblem[] = [];
  const limit = titleLimit(job.kind);
  if (job.title !== '' && !hasVisibleText(job.title)) {
    problems.push({
      field: 'title',
      message:
        'The title has only invisible characters (zero-width, direction marks or blanks); write a title, or leave it empty.',
    });
  }
  if (titleLength(job.title) > limit) {
    problems.push({
      field: 'title',
      message: `The title is ${titleLength(job.title)} characters; TikTok allows ${limit} for a ${job.kind === 'video' ? 'video' : 'photo post'}.`,
    });
  }
  if (job.kind === 'photo') {
    if (job.description !== undefined && job.description.length > LIMITS.photoDescription) {
      problems.push({
        field: 'description',
        message: `The description is ${job.description.length} characters; TikTok allows ${LIMITS.photoDescription}.`,
      });
    }
    if (job.images.length < 1 || job.images.length > LIMITS.maxImages) {
      problems.push({
        field: 'images',
        message: `A photo post takes 1 to ${LIMITS.maxImages} images; got ${job.images.length}.`,
      });
    }
  }
  if (job.brand.content && job.privacy === 'SELF_ONLY') {
    problems.push({ field: 'brand', message: GUIDELINE_TEXT.brandedNotPrivate });
  }
  if (creator) {
    if (!creator.privacy_level_options.includes(job.privacy)) {
      problems.push({
        field: 'privacy',
        message: `This account cannot post with privacy ${job.privacy}; allowed: ${creator.privacy_level_options.join(', ')}.`,
      });
    }
    if (job.allowComments && creator.comment_disabled) {
      problems.push({ field: 'comments', message: 'Comments are turned off for this account in TikTok.' });
    }
    if (job.kind === 'video' && job.allowDuet && creator.duet_disabled) {
      problems.push({ field: 'duet', message: 'Duet is turned off for this account in TikTok.' });
    }
    if (job.kind === 'video' && job.allowStitch && creator.stitch_disabled) {
      problems.push({ field: 'stitch', message: 'Stitch is turned off for this account in TikTok.' });
    }
  }
  return problems;
}
