import type { IncomingMessage, ServerResponse } from 'node:http';
import { readApiRequest } from './bearer.js';
import type { SandboxContext } from './context.js';
import { invalidParams, sendData } from './http.js';
import { postStats, publicPosts } from './post-stats.js';
import type { PublishRecord } from './state.js';
import { checkFields } from './validate.js';

// TikTok's Display API video object (Video Object reference); every field is asked for by name.
const VIDEO_FIELDS = [
  'id',
  'create_time',
  'cover_image_url',
  'share_url',
  'video_description',
  'duration',
  'height',
  'width',
  'title',
  'embed_html',
  'embed_link',
  'like_count',
  'comment_count',
  'share_count',
  'view_count',
] as const;
const MAX_COUNT = 20;
const DEFAULT_COUNT = 10;
const COVER_TTL_SEC = 6 * 60 * 60;

/** The `fields` query parameter: required; names TikTok does not know are ignored. */
function askedFields(url: URL): string[] {
  const fields = (url.searchParams.get('fields') ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  if (fields.length === 0) throw invalidParams('fields is required.');
  return fields.filter((f) => (VIDEO_FIELDS as readonly string[]).includes(f));
}

/** One post as a video object, with the fields asked for (height and width only when known: never). */
function videoObject(ctx: SandboxContext, record: PublishRecord, fields: string[], now: number) {
  const id = record.post_ids[0]!;
  const post = record.post_info ?? {};
  const text = (key: string) => (typeof post[key] === 'string' ? (post[key] as string) : '');
  const photo = record.media_type === 'PHOTO';
  const expires = Math.floor(now / 1000) + COVER_TTL_SEC;
  const values: Record<string, unknown> = {
    id,
    create_time: Math.floor((record.completed_at ?? record.created_at) / 1000),
    // TikTok's cover URLs are signed CDN links that expire after 6 hours.
    cover_image_url: `https://p16-sign.tiktokcdn.com/sandbox/${id}~tplv-cover.jpeg?x-expires=${expires}`,
    share_url: `https://www.tiktok.com/@${ctx.state.creator.creator_username}/video/${id}`,
    // A video's caption is its title field at init; a photo post has a title and a description.
    video_description: photo ? text('description') : text('title'),
    title: photo ? text('title') : '',
    duration: Math.round(record.duration_sec ?? 0),
    embed_link: `https://www.tiktok.com/player/v1/${id}`,
    embed_html: `<blockquote class="tiktok-embed" data-video-id="${id}"></blockquote>`,
    ...postStats(record, now),
  };
  return Object.fromEntries(fields.filter((f) => f in values).map((f) => [f, values[f]]));
}

/**
 * POST /v2/video/list/?fields=…  {max_count ≤ 20, cursor}: the creator's public posts, newest first.
 * The cursor is a Unix time in milliseconds: the next page holds the posts made public before it.
 */
export async function handleVideoList(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const { token, body } = await readApiRequest(ctx, req, { scopes: ['video.list'], bucket: 'video_list' });
  const fields = askedFields(url);
  const args = checkFields(body ?? {}, 'body', { max_count: 'uint', cursor: 'uint' }, []);
  const count = (args.max_count as number | undefined) ?? DEFAULT_COUNT;
  if (count < 1 || count > MAX_COUNT) throw invalidParams(`max_count must be 1 to ${MAX_COUNT}.`);
  const cursor = args.cursor as number | undefined;
  const older = publicPosts(ctx.state, token.open_id).filter(
    (r) => cursor === undefined || cursor === 0 || r.public_at! < cursor,
  );
  const page = older.slice(0, count);
  const now = Date.now();
  sendData(res, {
    videos: page.map((r) => videoObject(ctx, r, fields, now)),
    cursor: page.length > 0 ? page[page.length - 1]!.public_at : (cursor ?? 0),
    has_more: older.length > page.length,
  });
}

/** POST /v2/video/query/?fields=…  {filters:{video_ids:[≤ 20]}}: ids that are not this creator's are left out. */
export async function handleVideoQuery(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const { token, body } = await readApiRequest(ctx, req, { scopes: ['video.list'], bucket: 'video_query' });
  const fields = askedFields(url);
  const top = checkFields(body, 'body', { filters: 'object' }, ['filters']);
  const filters = checkFields(top.filters, 'filters', { video_ids: 'string[]' }, ['video_ids']);
  const ids = filters.video_ids as string[];
  if (ids.length < 1 || ids.length > MAX_COUNT) {
    throw invalidParams(`filters.video_ids must hold 1 to ${MAX_COUNT} ids.`);
  }
  const now = Date.now();
  const posts = publicPosts(ctx.state, token.open_id).filter((r) => ids.includes(r.post_ids[0]!));
  sendData(res, { videos: posts.map((r) => videoObject(ctx, r, fields, now)) });
}
