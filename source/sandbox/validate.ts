import type { PrivacyLevel } from '../shared/post-job.js';
import { chunkPlanError } from './chunk-rules.js';
import { ApiError } from './http.js';
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

function invalid(message: string): ApiError {
  return new ApiError(400, 'invalid_param', message);
}

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

/** Check an object has only known fields, of the right types, and the required ones. */
export function checkFields(value: unknown, where: string, fields: Fields, required: string[]): Json {
  if (!isType(value, 'object')) throw invalid(`${where} must be a JSON object.`);
  const obj = value as Json;
  for (const [key, field] of Object.entries(obj)) {
    const type = fields[key];
    if (!type) throw invalid(`Unknown field ${where}.${key}.`);
    if (!isType(field, type)) throw invalid(`${where}.${key} must be of type ${type}.`);
  }
  for (const key of required) {
    if (!(key in obj)) throw invalid(`${where}.${key} is required.`);
  }
  return obj;
}

function checkPrivacy(value: unknown, creator: CreatorInfo, brandContent: boolean): void {
  if (!PRIVACY_LEVELS.includes(value as PrivacyLevel))
    throw invalid('post_info.privacy_level is not a privacy level.');
  if (!creator.privacy_level_options.includes(value as PrivacyLevel)) {
    throw new ApiError(403, 'privacy_level_option_mismatch', 'privacy_level is not in the creator options.');
  }
  if (brandContent && value === 'SELF_ONLY')
    throw invalid('Branded content visibility cannot be set to private.');
}

function checkDisabled(post: Json, creator: CreatorInfo, photo: boolean): void {
  // An interaction the creator has switched off must be switched off in the post too.
  const rules: [string, boolean][] = [['disable_comment', creator.comment_disabled]];
  if (!photo)
    rules.push(['disable_duet', creator.duet_disabled], ['disable_stitch', creator.stitch_disabled]);
  for (const [field, disabled] of rules) {
    if (disabled && post[field] !== true)
      throw invalid(`post_info.${field} must be true: the creator disabled it.`);
  }
}

const VIDEO_POST_FIELDS: Fields = {
  title: 'string',
  privacy_level: 'string',
  disable_duet: 'boolean',
  disable_comment: 'boolean',
  disable_stitch: 'boolean',
  video_cover_timestamp_ms: 'uint',
  brand_content_toggle: 'boolean',
  brand_organic_toggle: 'boolean',
  is_aigc: 'boolean',
};

/** Validate a video source_info (FILE_UPLOAD or PULL_FROM_URL). */
export function checkVideoSource(value: unknown): Json {
  const probe = checkFields(
    value,
    'source_info',
    {
      source: 'string',
      video_size: 'uint',
      chunk_size: 'uint',
      total_chunk_count: 'uint',
      video_url: 'string',
    },
    ['source'],
  );
  if (probe.source === 'FILE_UPLOAD') {
    const fields: Fields = {
      source: 'string',
      video_size: 'uint',
      chunk_size: 'uint',
      total_chunk_count: 'uint',
    };
    const src = checkFields(value, 'source_info', fields, Object.keys(fields));
    const error = chunkPlanError(
      src.video_size as number,
      src.chunk_size as number,
      src.total_chunk_count as number,
    );
    if (error) throw invalid(error);
    return src;
  }
  if (probe.source === 'PULL_FROM_URL') {
    return checkFields(value, 'source_info', { source: 'string', video_url: 'string' }, [
      'source',
      'video_url',
    ]);
  }
  throw invalid('source_info.source must be FILE_UPLOAD or PULL_FROM_URL.');
}

/** Validate a direct-post video init body. */
export function checkVideoInit(body: unknown, creator: CreatorInfo): { post_info: Json; source_info: Json } {
  const top = checkFields(body, 'body', { post_info: 'object', source_info: 'object' }, [
    'post_info',
    'source_info',
  ]);
  const post = checkFields(top.post_info, 'post_info', VIDEO_POST_FIELDS, ['privacy_level']);
  if (typeof post.title === 'string' && post.title.length > 2200)
    throw invalid('post_info.title is over 2200 characters.');
  checkPrivacy(post.privacy_level, creator, post.brand_content_toggle === true);
  checkDisabled(post, creator, false);
  return { post_info: post, source_info: checkVideoSource(top.source_info) };
}

/** Validate an inbox (draft) video init body: source_info only. */
export function checkInboxInit(body: unknown): { source_info: Json } {
  const top = checkFields(body, 'body', { source_info: 'object' }, ['source_info']);
  return { source_info: checkVideoSource(top.source_info) };
}

const PHOTO_POST_FIELDS: Fields = {
  title: 'string',
  description: 'string',
  privacy_level: 'string',
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
}

/** Validate a photo (content/init) body. */
export function checkPhotoInit(body: unknown, creator: CreatorInfo): PhotoInit {
  const top = checkFields(
    body,
    'body',
    { post_info: 'object', source_info: 'object', post_mode: 'string', media_type: 'string' },
    ['post_info', 'source_info', 'post_mode', 'media_type'],
  );
  if (top.media_type !== 'PHOTO') throw invalid('media_type must be PHOTO.');
  if (top.post_mode !== 'DIRECT_POST' && top.post_mode !== 'MEDIA_UPLOAD') {
    throw invalid('post_mode must be DIRECT_POST or MEDIA_UPLOAD.');
  }
  const direct = top.post_mode === 'DIRECT_POST';
  const post = checkFields(top.post_info, 'post_info', PHOTO_POST_FIELDS, direct ? ['privacy_level'] : []);
  if (typeof post.title === 'string' && post.title.length > 90)
    throw invalid('post_info.title is over 90 characters.');
  if (typeof post.description === 'string' && post.description.length > 4000) {
    throw invalid('post_info.description is over 4000 characters.');
  }
  if (post.privacy_level !== undefined)
    checkPrivacy(post.privacy_level, creator, post.brand_content_toggle === true);
  checkDisabled(post, creator, true);
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
  return { post_info: post, source_info: src, post_mode: top.post_mode, images };
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Check a URL TikTok would pull. Only loopback hosts count as "verified" (the sandbox can reach nothing
 * else); they may use http, everything else needs https.
 */
export function checkPullUrl(raw: string, field: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid(`${field} is not a valid URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid(`${field} must be an https URL.`);
  if (!isLoopback(url.hostname)) {
    throw new ApiError(
      403,
      'url_ownership_unverified',
      `The domain of ${field} is not verified for this app.`,
    );
  }
  return url;
}
