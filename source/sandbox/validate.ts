import type { PrivacyLevel } from '../shared/post-job.js';
import { chunkPlanError } from './chunk-rules.js';
import { ApiError, invalidParams } from './http.js';
import type { PublishRecord } from './state.js';
import type { CreatorInfo } from './wire-types.js';

// Kept here (not imported from core) so the sandbox depends on the app's types only, never its code.
const PRIVACY_LEVELS: readonly PrivacyLevel[] = [
  'PUBLIC_TO_EVERYONE',
  'MUTUAL_FOLLOW_FRIENDS',
  'FOLLOWER_OF_CREATOR',
  'SELF_ONLY',
];

type FieldType = 'string' | 'boolean' | 'uint' | 'object' | 'string[]';
type Fields = Record<string, FieldType>;
type Json = Record<string, unknown>;

const invalid = invalidParams;

function isType(value: unknown, type: FieldType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'uint':
      return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
  }
}

/**
 * Check the known fields of an object: the right types, and the required ones present. Fields TikTok does
 * not know are ignored, as TikTok ignores them (real clients send extras that TikTok accepts).
 */
export function checkFields(value: unknown, where: string, fields: Fields, required: string[]): Json {
  if (!isType(value, 'object')) throw invalid(`${where} must be a JSON object.`);
  const obj = value as Json;
  for (const [key, type] of Object.entries(fields)) {
    if (key in obj && !isType(obj[key], type)) throw invalid(`${where}.${key} must be of type ${type}.`);
  }
  for (const key of required) {
    if (!(key in obj)) throw invalid(`${where}.${key} is required.`);
  }
  return obj;
}

/**
 * privacy_level must be one of the options creator_info offered. Missing, of the wrong type or not a
 * privacy level at all is the same 403 TikTok gives: "not specified or not among the privacy_level_options".
 */
function checkPrivacy(value: unknown, creator: CreatorInfo, brandContent: boolean): void {
  if (
    !PRIVACY_LEVELS.includes(value as PrivacyLevel) ||
    !creator.privacy_level_options.includes(value as PrivacyLevel)
  ) {
    throw new ApiError(
      403,
      'privacy_level_option_mismatch',
      'privacy_level is not specified or not among the privacy_level_options of creator_info.',
    );
  }
  if (brandContent && value === 'SELF_ONLY')
    throw invalid('Branded content visibility cannot be set to private.');
}

export type Interactions = NonNullable<PublishRecord['interactions']>;

/**
 * The interaction settings a post really gets. An interaction the creator has switched off stays off
 * whatever the post asks: TikTok overrides `disable_duet:false` (and comment, stitch) for such a creator
 * rather than refusing the post, so the sandbox does the same.
 */
export function effectiveInteractions(post: Json, creator: CreatorInfo, photo: boolean): Interactions {
  const off = (field: string, creatorDisabled: boolean) => creatorDisabled || post[field] === true;
  const out: Interactions = { disable_comment: off('disable_comment', creator.comment_disabled) };
  if (!photo) {
    out.disable_duet = off('disable_duet', creator.duet_disabled);
    out.disable_stitch = off('disable_stitch', creator.stitch_disabled);
  }
  return out;
}

// privacy_level is checked apart (a wrong one is a 403, not a type error).
const VIDEO_POST_FIELDS: Fields = {
  title: 'string',
  disable_duet: 'boolean',
  disable_comment: 'boolean',
  disable_stitch: 'boolean',
  video_cover_timestamp_ms: 'uint',
  brand_content_toggle: 'boolean',
  brand_organic_toggle: 'boolean',
  is_aigc: 'boolean',
};

const FILE_UPLOAD_FIELDS: Fields = { video_size: 'uint', chunk_size: 'uint', total_chunk_count: 'uint' };

/** Validate a video source_info (FILE_UPLOAD or PULL_FROM_URL); the other source's fields are ignored. */
export function checkVideoSource(value: unknown): Json {
  const src = checkFields(value, 'source_info', { source: 'string' }, ['source']);
  if (src.source === 'FILE_UPLOAD') {
    checkFields(src, 'source_info', FILE_UPLOAD_FIELDS, Object.keys(FILE_UPLOAD_FIELDS));
    const error = chunkPlanError(
      src.video_size as number,
      src.chunk_size as number,
      src.total_chunk_count as number,
    );
    if (error) throw invalid(error);
    return src;
  }
  if (src.source === 'PULL_FROM_URL') {
    return checkFields(src, 'source_info', { video_url: 'string' }, ['video_url']);
  }
  throw invalid('source_info.source must be FILE_UPLOAD or PULL_FROM_URL.');
}

export interface VideoInit {
  post_info: Json;
  source_info: Json;
  interactions: Interactions;
}

/** Validate a direct-post video init body against the creator_info the client was shown. */
export function checkVideoInit(body: unknown, creator: CreatorInfo): VideoInit {
  const top = checkFields(body, 'body', { post_info: 'object', source_info: 'object' }, ['source_info']);
  const post = checkFields(top.post_info ?? {}, 'post_info', VIDEO_POST_FIELDS, []);
  if (typeof post.title === 'string' && post.title.length > 2200)
    throw invalid('post_info.title is over 2200 characters.');
  checkPrivacy(post.privacy_level, creator, post.brand_content_toggle === true);
  const source_info = checkVideoSource(top.source_info);
  return { post_info: post, source_info, interactions: effectiveInteractions(post, creator, false) };
}

/**
 * Validate an inbox (draft) video init body. TikTok documents source_info only; real clients also send
 * post_info, which TikTok accepts and ignores but for the title, so it is kept only as that.
 */
export function checkInboxInit(body: unknown): { source_info: Json; post_info?: Json } {
  const top = checkFields(body, 'body', { source_info: 'object' }, ['source_info']);
  const source_info = checkVideoSource(top.source_info);
  const post = top.post_info as Json | undefined;
  const title = isType(post, 'object') ? post?.title : undefined;
  return typeof title === 'string' ? { source_info, post_info: { title } } : { source_info };
}

const PHOTO_POST_FIELDS: Fields = {
  title: 'string',
  description: 'string',
  disable_comment: 'boolean',
  auto_add_music: 'boolean',
  brand_content_toggle: 'boolean',
  brand_organic_toggle: 'boolean',
};

export interface PhotoInit {
  post_info: Json;
  source_info: Json;
  post_mode: 'DIRECT_POST' | 'MEDIA_UPLOAD';
  images: string[];
  interactions: Interactions;
}

/** Validate a photo (content/init) body. */
export function checkPhotoInit(body: unknown, creator: CreatorInfo): PhotoInit {
  const top = checkFields(
    body,
    'body',
    { post_info: 'object', source_info: 'object', post_mode: 'string', media_type: 'string' },
    ['source_info', 'post_mode', 'media_type'],
  );
  if (top.media_type !== 'PHOTO') throw invalid('media_type must be PHOTO.');
  if (top.post_mode !== 'DIRECT_POST' && top.post_mode !== 'MEDIA_UPLOAD') {
    throw invalid('post_mode must be DIRECT_POST or MEDIA_UPLOAD.');
  }
  const direct = top.post_mode === 'DIRECT_POST';
  const post = checkFields(top.post_info ?? {}, 'post_info', PHOTO_POST_FIELDS, []);
  if (typeof post.title === 'string' && post.title.length > 90)
    throw invalid('post_info.title is over 90 characters.');
  if (typeof post.description === 'string' && post.description.length > 4000) {
    throw invalid('post_info.description is over 4000 characters.');
  }
  // A draft's privacy is chosen later in the TikTok app; a direct post needs one now.
  if (direct || post.privacy_level !== undefined)
    checkPrivacy(post.privacy_level, creator, post.brand_content_toggle === true);
  const src = checkFields(
    top.source_info,
    'source_info',
    { source: 'string', photo_images: 'string[]', photo_cover_index: 'uint' },
    ['source', 'photo_images', 'photo_cover_index'],
  );
  if (src.source !== 'PULL_FROM_URL') throw invalid('source_info.source must be PULL_FROM_URL for photos.');
  const images = src.photo_images as string[];
  if (images.length < 1 || images.length > 35)
    throw invalid('source_info.photo_images must hold 1 to 35 URLs.');
  if ((src.photo_cover_index as number) >= images.length)
    throw invalid('source_info.photo_cover_index is out of range.');
  return {
    post_info: post,
    source_info: src,
    post_mode: top.post_mode,
    images,
    interactions: effectiveInteractions(post, creator, true),
  };
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Check a URL TikTok would pull. Only loopback hosts count as "verified" (the sandbox can reach nothing
 * else); they may use http, everything else needs https. With `prefixes`, only URLs under one of
 * them are verified (TikTok's URL-prefix verification).
 */
export function checkPullUrl(raw: string, field: string, prefixes: readonly string[] = []): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid(`${field} is not a valid URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid(`${field} must be an https URL.`);
  if (!isLoopback(url.hostname) || (prefixes.length > 0 && !prefixes.some((p) => url.href.startsWith(p)))) {
    throw new ApiError(
      403,
      'url_ownership_unverified',
      `The domain of ${field} is not verified for this app.`,
    );
  }
  return url;
}
