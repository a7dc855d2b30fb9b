import { expandHome, normalizeMediaInput } from '../media/media-path.js';
import { localFileSize } from '../media/video-source.js';
import { UsageError } from '../shared/errors.js';
import { type PhotoJob, PRIVACY_LEVELS, type PrivacyLevel, type VideoJob } from '../shared/post-job.js';
import { looksLikeUrl } from '../shared/url.js';
import {
  type BooleanFlag,
  type FlagName,
  type FlagValues,
  flagLabel,
  type NumberFlag,
  type StringFlag,
} from './flags.js';

/** What is asked: text, a secret (masked), privacy (a choice, no default), media (checked as answered). */
export type AskKind = 'text' | 'secret' | 'privacy' | 'video' | 'image';

/** Asks for a missing value (a prompt in a terminal) or throws the "missing flag" error in headless. */
export type AskFn = (flag: FlagName, kind: AskKind) => Promise<string>;

/** A privacy flag value checked against TikTok's four levels. */
export function parsePrivacy(value: string): PrivacyLevel {
  const upper = value.trim().toUpperCase();
  if (!(PRIVACY_LEVELS as readonly string[]).includes(upper)) {
    throw new UsageError(`'${value}' is not a TikTok privacy level.`, {
      hint: `use --tiktok-privacy-status ${PRIVACY_LEVELS.join('|')}`,
    });
  }
  return upper as PrivacyLevel;
}

/** Reads a string flag, or asks for it, or fails naming the flag and its env var. */
export async function required(values: FlagValues, flag: StringFlag, ask: AskFn, kind: AskKind = 'text') {
  const value = values[flag];
  if (typeof value === 'string' && value.trim() !== '') return value;
  return ask(flag, kind);
}

/** The "missing input" error headless raises instead of prompting. */
export function missing(flag: FlagName): UsageError {
  return new UsageError(`Missing ${flagLabel(flag)}.`, { hint: 'pass the flag or set the variable' });
}

/** A count flag (--max-count, --daily-post-cap): a whole number of at least 1, or its default. */
export function countFlag(values: FlagValues, flag: NumberFlag, fallback: number): number {
  const value = values[flag] ?? fallback;
  if (!Number.isInteger(value) || value < 1)
    throw new UsageError(`${flagLabel(flag)} must be a whole number of at least 1, not ${value}.`);
  return value;
}

/** A boolean flag's value, or the seed's default when it was not given. */
export const bool = (values: FlagValues, flag: BooleanFlag, fallback: boolean) => values[flag] ?? fallback;

/** --tiktok-video-source and --tiktok-post-mode, checked: a typo never turns a draft into a public post. */
export function parseDelivery(values: FlagValues): { source: 'upload' | 'pull'; mode: 'direct' | 'inbox' } {
  const source = values['tiktok-video-source'] ?? 'upload';
  if (source !== 'upload' && source !== 'pull') {
    throw new UsageError(`--tiktok-video-source must be upload or pull, not '${String(source)}'.`);
  }
  const mode = values['tiktok-post-mode'] ?? 'direct';
  if (mode !== 'direct' && mode !== 'inbox') {
    throw new UsageError(`--tiktok-post-mode must be direct or inbox, not '${String(mode)}'.`);
  }
  return { source, mode };
}

/** True when no interaction flag was set: then the seed's defaults give way to what the creator disabled. */
export function interactionsFromDefaults(explicit: Set<FlagName>): boolean {
  const flags = ['tiktok-allow-comments', 'tiktok-allow-duet', 'tiktok-allow-stitch'] as const;
  return !flags.some((f) => explicit.has(f));
}

function common(values: FlagValues, explicit: Set<FlagName>) {
  return {
    brand: { organic: bool(values, 'brand-organic', false), content: bool(values, 'brand-content', false) },
    allowComments: bool(values, 'tiktok-allow-comments', true),
    interactionsFromDefaults: interactionsFromDefaults(explicit),
    mode: parseDelivery(values).mode,
    origin: { kind: 'flags' as const },
  };
}

/**
 * A local video given by flag or variable is looked at before anything else (the account, the
 * network): a missing file is one line at once, not after "Checking the account…".
 */
export async function checkLocalVideo(values: FlagValues): Promise<void> {
  const given = values['tiktok-video-url'];
  if (typeof given !== 'string' || given.trim() === '' || values['tiktok-video-source'] === 'pull') return;
  const path = expandHome(given);
  if (!looksLikeUrl(path)) await localFileSize(path);
}

/** Builds a video job from the seed's flags (asking for what is missing when allowed). */
export async function videoJobFromFlags(
  values: FlagValues,
  explicit: Set<FlagName>,
  ask: AskFn,
): Promise<VideoJob> {
  // A path typed after `=` or quoted reaches us with its `~`: expanded as the wizard and the prompt do.
  const media = expandHome(await required(values, 'tiktok-video-url', ask, 'video'));
  const title = await required(values, 'tiktok-title', ask);
  const privacy = parsePrivacy(await required(values, 'tiktok-privacy-status', (f) => ask(f, 'privacy')));
  const { source } = parseDelivery(values);
  if (source === 'pull' && !looksLikeUrl(media)) {
    throw new UsageError('--tiktok-video-source pull needs an http(s) URL; a local file must be uploaded.');
  }
  const cover = values['tiktok-cover-ms'];
  return {
    kind: 'video',
    media,
    title,
    privacy,
    ...common(values, explicit),
    allowDuet: bool(values, 'tiktok-allow-duet', true),
    allowStitch: bool(values, 'tiktok-allow-stitch', true),
    source,
    isAigc: bool(values, 'tiktok-aigc', false),
    ...(typeof cover === 'number' ? { coverTimestampMs: Math.round(cover) } : {}),
  };
}

/** Builds a photo slideshow job from --status-image-url-1..4. */
export async function photoJobFromFlags(
  values: FlagValues,
  explicit: Set<FlagName>,
  ask: AskFn,
): Promise<PhotoJob> {
  const numbers = [1, 2, 3, 4] as const;
  const given = numbers.map((i) => values[`status-image-url-${i}`]);
  const set = given.map((v) => typeof v === 'string' && v.trim() !== '');
  // Image 2 without image 1 is a slip (a missing variable), not a shorter slideshow: say so.
  const gap = set.findIndex((isSet, i) => !isSet && set.slice(i + 1).some(Boolean));
  if (gap !== -1) {
    const later = numbers[set.findIndex((isSet, i) => isSet && i > gap)]!;
    throw new UsageError(
      `${flagLabel(`status-image-url-${later}`)} is set but ${flagLabel(`status-image-url-${numbers[gap]!}`)} is not.`,
      { hint: 'number the images from 1 without gaps' },
    );
  }
  const images = given.filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  if (images.length === 0) images.push(await required(values, 'status-image-url-1', ask, 'image'));
  // A local path is taken as typed (~, file://, a dropped path): core puts it on the media host,
  // or refuses it saying how to set one.
  for (const [i, image] of images.entries()) {
    if (!looksLikeUrl(image)) images[i] = normalizeMediaInput(image);
  }
  const title = await required(values, 'tiktok-title', ask);
  const privacy = parsePrivacy(await required(values, 'tiktok-privacy-status', (f) => ask(f, 'privacy')));
  const description = values['tiktok-description'];
  return {
    kind: 'photo',
    images,
    title,
    privacy,
    ...common(values, explicit),
    ...(typeof description === 'string' ? { description } : {}),
    autoAddMusic: bool(values, 'tiktok-auto-add-music', false),
  };
}
