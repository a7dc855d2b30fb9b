import { formatFacts } from '../media/inspect/index.js';
import { planChunks } from '../shared/chunk-plan.js';
import type { Http } from '../shared/http.js';
import type { PhotoJob, PostJob, VideoJob } from '../shared/post-job.js';
import type { Reporter } from '../shared/reporter.js';
import { captionSafe } from '../shared/sanitize.js';
import type { PhotoInit, VideoPostInfo } from '../tiktok/client.js';
import type { CreatorInfo } from '../tiktok/types.js';
import { checkPullUrl, preflightImage, preflightVideo } from './check-media.js';
import type { ConversionPreview } from './fix-media.js';

/** What a post would send to TikTok's init endpoint: `--dry-run`'s answer, nothing sent. */
export interface PostPreview {
  endpoint: string;
  body: unknown;
  /** Local files that would be converted first (core/fix-media.ts): what, and into what. */
  conversions?: ConversionPreview[];
}

/** The post_info of a video, as the init sends it. */
export function videoPostInfo(job: VideoJob): VideoPostInfo {
  return {
    title: captionSafe(job.title),
    privacy_level: job.privacy,
    disable_comment: !job.allowComments,
    disable_duet: !job.allowDuet,
    disable_stitch: !job.allowStitch,
    brand_content_toggle: job.brand.content,
    brand_organic_toggle: job.brand.organic,
    ...(job.coverTimestampMs !== undefined ? { video_cover_timestamp_ms: job.coverTimestampMs } : {}),
    ...(job.isAigc ? { is_aigc: true } : {}),
  };
}

/** A photo post's init body. */
export function photoInit(job: PhotoJob): PhotoInit {
  return {
    post_info: {
      // The last edge before TikTok: no control character in a caption (descriptions keep newlines).
      title: captionSafe(job.title),
      ...(job.description ? { description: captionSafe(job.description, { keepNewlines: true }) } : {}),
      privacy_level: job.privacy,
      disable_comment: !job.allowComments,
      auto_add_music: job.autoAddMusic,
      brand_content_toggle: job.brand.content,
      brand_organic_toggle: job.brand.organic,
    },
    source_info: { source: 'PULL_FROM_URL', photo_images: job.images, photo_cover_index: 0 },
    post_mode: job.mode === 'inbox' ? 'MEDIA_UPLOAD' : 'DIRECT_POST',
    media_type: 'PHOTO',
  };
}

/**
 * Every check a post makes before its init (the media preflight, each photo URL), then the request
 * the init would send — for `--dry-run`. Creator info and the rules were checked by the caller.
 */
export async function previewPost(
  job: PostJob,
  creator: CreatorInfo,
  deps: { http: Http; reporter: Reporter; signal?: AbortSignal },
): Promise<PostPreview> {
  const { reporter } = deps;
  if (job.kind === 'photo') {
    reporter.step(`Checking ${job.images.length === 1 ? '1 image' : `${job.images.length} images`}`);
    const facts = await Promise.all(job.images.map((url) => preflightImage(url, deps.http, deps.signal)));
    facts.forEach((f, i) => void reporter.info(`Image ${i + 1}: ${formatFacts(f)}`));
    return initRequest(job);
  }
  let source_info: Record<string, unknown>;
  if (job.source === 'pull') {
    reporter.step('Checking the video URL');
    await checkPullUrl(job.media, creator, deps.http, reporter, deps.signal);
    source_info = { source: 'PULL_FROM_URL', video_url: job.media };
  } else {
    reporter.step('Checking the video');
    const facts = await preflightVideo(job.media, creator, deps.http, deps.signal);
    reporter.info(formatFacts(facts));
    const plan = planChunks(facts.sizeBytes);
    source_info = {
      source: 'FILE_UPLOAD',
      video_size: plan.videoSize,
      chunk_size: plan.chunkSize,
      total_chunk_count: plan.totalChunkCount,
    };
  }
  return initRequest(job, source_info);
}

/** The init a post sends: its endpoint and body (a video's with the source_info given). */
export function initRequest(job: PostJob, source_info: Record<string, unknown> = {}): PostPreview {
  if (job.kind === 'photo') return { endpoint: '/v2/post/publish/content/init/', body: photoInit(job) };
  return job.mode === 'inbox'
    ? { endpoint: '/v2/post/publish/inbox/video/init/', body: { source_info } }
    : { endpoint: '/v2/post/publish/video/init/', body: { post_info: videoPostInfo(job), source_info } };
}
