import {
  convertVideo,
  type NotFixable,
  planLocalVideo,
  type VideoFix,
} from '../media/convert/convert-video.js';
import {
  fileReader,
  formatDuration,
  inspectVideo,
  type MediaRefusal,
  refusalLine,
} from '../media/inspect/index.js';
import { fileError, isUrl, localFileSize } from '../media/video-source.js';
import { AgorasError, UsageError } from '../shared/errors.js';
import type { PostJob, VideoJob } from '../shared/post-job.js';
import type { Reporter } from '../shared/reporter.js';
import type { CreatorInfo } from '../tiktok/types.js';
import type { ConversionPreview, FixOffer, MediaFixPolicy } from './fix-media-types.js';
import { photoOffer } from './photo-host.js';

export type { ConversionPreview, FixOffer, MediaFixPolicy } from './fix-media-types.js';

/** The refusals a conversion can fix (the rest — truncated, no video, too big, unreadable — it cannot). */
const FIXABLE = new Set(['container', 'codec', 'dimensions', 'fps', 'duration', 'truncated']);

function durationLimit(creator: CreatorInfo): number | undefined {
  return creator.max_video_post_duration_sec;
}

/** The preflight's verdict on a local video, as data. */
async function verdict(path: string, creator: CreatorInfo, signal?: AbortSignal) {
  await localFileSize(path);
  const reader = fileReader(path);
  try {
    return await inspectVideo(reader, { label: path, maxDurationSec: durationLimit(creator), signal });
  } catch (error) {
    // stat passes where reading is denied: the file's reason in one line, as the preflight says it.
    throw (error as { code?: string }).code && !(error instanceof AgorasError)
      ? fileError(path, error)
      : error;
  } finally {
    await reader.close().catch(() => {});
  }
}

export type VideoFixCheck =
  | { state: 'ok' }
  | { state: 'fixable'; offer: FixOffer; plan: VideoFix }
  | { state: 'refused'; refusal: MediaRefusal; line: string; plan?: NotFixable };

/**
 * What the preflight says of a local video and, when it refuses, whether a conversion fixes it:
 * for the Review, a dry run and the wizard's field (nothing is written).
 */
export async function checkVideoFix(
  path: string,
  creator: CreatorInfo,
  options: { trimToMax?: boolean; signal?: AbortSignal } = {},
): Promise<VideoFixCheck> {
  const found = await verdict(path, creator, options.signal);
  if (found.ok) return { state: 'ok' };
  const line = refusalLine(path, found);
  if (!FIXABLE.has(found.rule)) return { state: 'refused', refusal: found, line };
  const plan = await planLocalVideo(path, {
    maxDurationSec: durationLimit(creator),
    ...(options.trimToMax ? { trimToMax: true } : {}),
    ...(found.rule === 'duration' ? { tooLong: true } : {}),
  });
  if (!plan.fixable) return { state: 'refused', refusal: found, line, plan };
  const offer: FixOffer = {
    kind: 'video',
    input: path,
    // The preflight's by-hand advice (an ffmpeg line) gives way to the conversion offered here.
    refusal: refusalLine(path, { ...found, fix: undefined }),
    changes: plan.changes,
    result: plan.result,
    remux: plan.remux,
  };
  return { state: 'fixable', offer, plan };
}

/** The refusal of media not converted: the preflight's line, why no conversion helps or how to ask for one. */
function refusedError(check: Exclude<VideoFixCheck, { state: 'ok' }>): UsageError {
  if (check.state === 'fixable') {
    return new UsageError(check.offer.refusal, {
      fix: { kind: 'fix-media', changes: check.offer.changes.join(', ') },
    });
  }
  const { plan, line } = check;
  if (plan?.trim)
    return new UsageError(line, { fix: { kind: 'trim-media', limit: formatDuration(plan.trim.toSec) } });
  if (plan) return new UsageError(`${line.replace(/\.$/, '')}. A conversion cannot fix it: ${plan.why}.`);
  return new UsageError(line);
}

/**
 * A video job whose local file TikTok would fail, made postable with consent: converted into the
 * cache (reused on a rerun and by a resumed upload), then preflighted again. The original file is
 * never touched. URLs and pulls are left as they are (the preflight refuses them as before).
 */
export async function fixVideoJob(
  job: VideoJob,
  creator: CreatorInfo,
  policy: MediaFixPolicy,
  reporter: Reporter,
  signal?: AbortSignal,
): Promise<VideoJob> {
  if (job.source === 'pull' || isUrl(job.media)) return job;
  const check = await checkVideoFix(job.media, creator, {
    ...(policy.trimToMax ? { trimToMax: true } : {}),
    ...(signal ? { signal } : {}),
  });
  if (check.state === 'ok') return job;
  if (check.state === 'refused') throw refusedError(check);
  const { consent } = policy;
  const yes = consent === 'convert' || (typeof consent === 'function' && (await consent(check.offer)));
  if (!yes) throw refusedError(check);
  reporter.step(`Converting ${job.media}: ${check.offer.changes.join(', ')}`);
  let quarter = -1;
  const onProgress =
    policy.onProgress ??
    ((done: number, total: number) => {
      const percent = total ? Math.floor((done / total) * 100) : 100;
      if (Math.floor(percent / 25) === quarter) return;
      quarter = Math.floor(percent / 25);
      reporter.info(`  converted ${percent}% (${formatDuration(done)} of ${formatDuration(total)})`);
    });
  const { output, cached } = await convertVideo(job.media, check.plan, {
    onProgress,
    ...(signal ? { signal } : {}),
    ...(policy.env ? { env: policy.env } : {}),
  });
  if (cached) reporter.info(`Using the copy converted earlier: ${output}`);
  // The copy goes through the same preflight: a conversion that still fails is never uploaded.
  const again = await verdict(output, creator, signal);
  if (!again.ok)
    throw new UsageError(
      `The converted copy of ${job.media} is still refused: ${refusalLine(output, again)}`,
    );
  reporter.info(`Converted: ${output}`);
  return { ...job, media: output };
}

/**
 * What publishing `job` would convert, as data (nothing is written): its local video, or its local
 * photos, that the preflight refuses for a reason a conversion fixes.
 */
export async function previewConversions(
  job: PostJob,
  creator: CreatorInfo,
  options: { trimToMax?: boolean } = {},
): Promise<ConversionPreview[]> {
  const local = (job.kind === 'video' ? (job.source === 'pull' ? [] : [job.media]) : job.images).filter(
    (input) => !isUrl(input),
  );
  const out: ConversionPreview[] = [];
  for (const input of local) {
    const offer = job.kind === 'video' ? await videoOffer(input, creator, options) : await photoOffer(input);
    if (offer) out.push({ input, refusal: offer.refusal, changes: offer.changes, result: offer.result });
  }
  return out;
}

async function videoOffer(input: string, creator: CreatorInfo, options: { trimToMax?: boolean }) {
  const check = await checkVideoFix(input, creator, options);
  return check.state === 'fixable' ? check.offer : undefined;
}

/** The wizard's offer for a refused local video: what converting it changes, or undefined. */
export async function videoFixOffer(input: string, creator: CreatorInfo) {
  const offer = await videoOffer(input, creator, {});
  return offer ? { changes: offer.changes, result: offer.result } : undefined;
}

/**
 * Converts a refused local video now (the wizard's key, with progress) and returns the copy's path
 * once the preflight takes it; refuses as publishing would when no conversion fixes it.
 */
export async function convertLocalVideo(
  input: string,
  creator: CreatorInfo,
  options: {
    signal?: AbortSignal;
    onProgress?(doneSec: number, totalSec: number): void;
    trimToMax?: boolean;
  } = {},
): Promise<string> {
  const check = await checkVideoFix(input, creator, {
    ...(options.trimToMax ? { trimToMax: true } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (check.state === 'ok') return input;
  if (check.state === 'refused') throw refusedError(check);
  const { output } = await convertVideo(input, check.plan, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const again = await verdict(output, creator, options.signal);
  if (!again.ok)
    throw new UsageError(`The converted copy of ${input} is still refused: ${refusalLine(output, again)}`);
  return output;
}
