import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { Container } from '../media/media-probe.js';
import { isUrl, type ResumeAt } from '../media/video-source.js';
import { planOf } from '../shared/chunk-plan.js';
import type { PhotoJob, PostJob, VideoJob } from '../shared/post-job.js';
import type { PostRecord, UploadState } from '../store/post-records.js';
import type { PostRecordStore } from '../store/state-store.js';
import type { StatusData } from '../tiktok/types.js';
import { FINAL_STATUSES } from './post-status.js';

/** TikTok keeps an upload URL valid for one hour after the init. */
export const UPLOAD_URL_LIFETIME_MS = 60 * 60 * 1000;

/** Where a video comes from, spelled the same way on every run: an absolute path, or the URL as given. */
export function mediaKey(job: PostJob): string {
  if (job.kind === 'photo') return job.images[0] ?? '';
  return isUrl(job.media) ? job.media : resolve(job.media);
}

/** A hash of everything that makes a post what it is: a rerun with another title or privacy is another post. */
export function settingsKey(job: VideoJob | PhotoJob): string {
  const common = [job.kind, job.title, job.privacy, job.allowComments, job.brand.organic, job.brand.content];
  const rest =
    job.kind === 'video'
      ? [
          job.mode,
          job.source,
          job.allowDuet,
          job.allowStitch,
          job.isAigc ?? false,
          job.coverTimestampMs ?? null,
        ]
      : [job.mode, job.images, job.description ?? '', job.autoAddMusic];
  return createHash('sha256')
    .update(JSON.stringify([...common, ...rest]))
    .digest('hex')
    .slice(0, 32);
}

/** An unfinished upload of this very post that a run may continue, or the one line saying why not. */
export type Candidate = { record: PostRecord & { upload: UploadState } } | { reason: string } | undefined;

/**
 * Looks for an unfinished upload of the same post (same account, same media, same settings) among
 * the account's records. Expired ones are removed here and named in the reason.
 */
export async function findUnfinished(
  records: PostRecordStore,
  job: VideoJob,
  now = Date.now(),
): Promise<Candidate> {
  const media = mediaKey(job);
  const settings = settingsKey(job);
  const open = (await records.list()).filter(
    (r) => r.kind === 'video' && r.media === media && r.upload && !r.closed,
  ) as (PostRecord & {
    upload: UploadState;
  })[];
  const same = open.find((r) => r.settings === settings);
  if (!same) {
    // An upload whose every chunk TikTok acknowledged is not unfinished: only the post's fate is open.
    const unsent = open.find((r) => !allSent(r.upload));
    return unsent
      ? { reason: `the title or settings differ from those of the unfinished upload ${unsent.publishId}` }
      : undefined;
  }
  const damaged = uploadProblem(same.upload);
  if (damaged) {
    // A record is stored text (a shared store has other writers): one that cannot be true is dropped.
    await records.remove(same.publishId);
    return { reason: `the record of ${same.publishId} cannot be used (${damaged}) and was dropped` };
  }
  if (same.upload.expiresAt <= now) {
    await records.remove(same.publishId);
    const at = new Date(same.upload.expiresAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    return { reason: `the upload URL of ${same.publishId} expired at ${at}` };
  }
  return { record: same };
}

/**
 * Why a stored upload cannot be what a run wrote, or undefined: every count a whole number, the
 * chunk plan the one TikTok's rules give for its size, the acknowledged chunks within it.
 */
export function uploadProblem(upload: UploadState): string | undefined {
  const whole = (n: unknown, min: number) => typeof n === 'number' && Number.isSafeInteger(n) && n >= min;
  if (typeof upload.uploadUrl !== 'string' || typeof upload.contentType !== 'string')
    return 'no upload URL or type';
  if (!whole(upload.expiresAt, 0)) return 'no expiry';
  if (!whole(upload.videoSize, 1) || !whole(upload.chunkSize, 1) || !whole(upload.totalChunkCount, 1))
    return 'sizes that are not whole numbers';
  if (
    upload.totalChunkCount !== Math.floor(upload.videoSize / upload.chunkSize) ||
    upload.totalChunkCount > 1000
  )
    return 'a chunk plan that does not fit the video size';
  if (!whole(upload.ackedChunks, 0) || upload.ackedChunks > upload.totalChunkCount)
    return 'more chunks acknowledged than the plan has';
  const hashes = upload.chunkHashes;
  if (
    hashes !== undefined &&
    (!Array.isArray(hashes) ||
      hashes.length > upload.totalChunkCount ||
      hashes.some((h) => typeof h !== 'string'))
  )
    return 'chunk hashes that do not fit the plan';
  return undefined;
}

/** Whether TikTok acknowledged every chunk of an upload. */
export function allSent(upload: UploadState): boolean {
  return upload.ackedChunks >= upload.totalChunkCount;
}

/**
 * Posts of this account whose bytes all reached TikTok but whose run stopped before the final
 * status (Ctrl+C while TikTok processed): TikTok is asked once and a final answer closes the record,
 * so history tells what became of them. The post `job` is (a rerun of it continues it) is left alone.
 */
export async function settleSent(
  records: PostRecordStore,
  job: VideoJob,
  fetchStatus: (publishId: string) => Promise<StatusData>,
): Promise<void> {
  const media = mediaKey(job);
  const settings = settingsKey(job);
  const sent = (await records.list()).filter(
    (r) => r.upload && !r.closed && allSent(r.upload) && !(r.media === media && r.settings === settings),
  );
  for (const record of sent) {
    const status = await fetchStatus(record.publishId).catch(() => undefined);
    if (status && FINAL_STATUSES.includes(status.status))
      await closeRecord(records, record.publishId, status);
  }
}

/** The chunk plan and offset a source opens at to continue an upload. */
export function resumePoint(upload: UploadState): ResumeAt {
  const plan = planOf(upload.videoSize, upload.chunkSize, upload.totalChunkCount);
  const next = Math.min(upload.ackedChunks, plan.totalChunkCount - 1);
  return { plan, offset: plan.chunks[next]!.start, contentType: upload.contentType as Container };
}

/** The first version of a post's record, written when TikTok returns its publish ID. */
export function newRecord(
  job: PostJob,
  username: string,
  publishId: string,
  extra: { upload?: UploadState; creatorUsername?: string } = {},
  now = Date.now(),
): PostRecord {
  const { upload, creatorUsername } = extra;
  return {
    publishId,
    username,
    at: now,
    kind: job.kind,
    title: job.title,
    media: mediaKey(job),
    ...(job.origin ? { origin: job.origin } : {}),
    settings: settingsKey(job),
    mode: job.mode,
    privacy: job.privacy,
    ...(creatorUsername ? { creatorUsername } : {}),
    ...(upload ? { upload } : {}),
  };
}

/** A status as a record keeps it. */
export function statusEntry(status: StatusData, now = Date.now()): NonNullable<PostRecord['status']> {
  return {
    status: status.status,
    ...(status.fail_reason ? { failReason: status.fail_reason } : {}),
    ...(status.publicaly_available_post_id?.length ? { postIds: status.publicaly_available_post_id } : {}),
    at: now,
  };
}

/** The run that made a post is over (posted, FAILED, or returned without waiting): forget its upload URL. */
export async function closeRecord(
  records: PostRecordStore | undefined,
  publishId: string,
  status?: StatusData,
): Promise<void> {
  // History only (TikTok knows the post's state): a store that fails here does not fail the post.
  await records
    ?.update(publishId, (r) => ({
      ...r,
      upload: undefined,
      closed: true,
      ...(status ? { status: statusEntry(status) } : {}),
    }))
    .catch(() => {});
}
