import { openVideo } from '../media/open-video.js';
import { sourceChange } from '../media/source-identity.js';
import { isUrl, type VideoSource } from '../media/video-source.js';
import { markNotPublished, RefusedError } from '../shared/errors.js';
import { formatBytes, plural } from '../shared/format.js';
import type { VideoJob } from '../shared/post-job.js';
import type { PostRecord, UploadState } from '../store/post-records.js';
import type { VideoPostInfo } from '../tiktok/client.js';
import type { CreatorInfo } from '../tiktok/types.js';
import { UploadGone, uploadChunks } from '../tiktok/upload.js';
import { openCheckedVideo } from './check-media.js';
import { chunkHashes, firstChangedChunk } from './chunk-hashes.js';
import { initFailure } from './init-failure.js';
import type { PublishDeps } from './publish-types.js';
import { findUnfinished, newRecord, resumePoint, settleSent, UPLOAD_URL_LIFETIME_MS } from './resume.js';

type Resumable = PostRecord & { upload: UploadState };

/**
 * A FILE_UPLOAD: continues an unfinished upload of the same post when one is recorded and TikTok
 * still has it (same publish ID, only the missing chunks sent), else inits a new one and records it
 * so that a later run can continue it. Returns the publish ID once every byte is with TikTok.
 */
export async function uploadVideo(
  job: VideoJob,
  creator: CreatorInfo,
  postInfo: VideoPostInfo,
  deps: PublishDeps,
): Promise<string> {
  const { reporter, records } = deps;
  if (records) await settleSent(records, job, (id) => deps.client.fetchStatus(id));
  const found = records ? await findUnfinished(records, job) : undefined;
  await records?.prune();
  let resume = found && 'record' in found ? found.record : undefined;
  if (found && 'reason' in found) reporter.info(`Starting a new upload: ${found.reason}.`);
  if (resume) {
    // A record is stored text (a shared store has other writers): its upload URL gets the video's
    // bytes only when it is TikTok's; anything else drops the record, with a line.
    try {
      deps.client.checkUploadUrl(
        resume.upload.uploadUrl,
        `The record of ${resume.publishId} names an upload URL`,
      );
    } catch (error) {
      reporter.warn(`${(error as Error).message} Starting a new upload.`);
      await records?.remove(resume.publishId);
      resume = undefined;
    }
  }
  reporter.step('Checking the video');
  // The preflight reads little (the head, the moov): it runs for a resumed upload too, so a source
  // that became something TikTok would refuse is caught before a byte is sent.
  const resumeAt = resume ? resumePoint(resume.upload) : undefined;
  let video = await openCheckedVideo(job.media, creator, deps.http, reporter, deps.signal, resumeAt);
  try {
    if (resume) {
      let changed = sourceChange(resume.upload.identity, video.identity);
      // Only chunks TikTok is known to hold are compared (a record may lag TikTok by one).
      const hashes = resume.upload.chunkHashes?.slice(0, resume.upload.ackedChunks);
      if (!changed && video.identity.kind === 'file' && video.localPath && hashes?.length) {
        const at = await firstChangedChunk(video.localPath, video.plan, hashes);
        if (at !== undefined) changed = `chunk ${at + 1} of the file changed (same size and time)`;
      }
      if (changed) {
        reporter.info(`Starting a new upload: ${changed} since ${resume.publishId} began.`);
        await records?.remove(resume.publishId);
        resume = undefined;
      }
    }
    if (resume) {
      const publishId = await continueUpload(resume, video, deps);
      if (publishId) return publishId;
    }
    // A URL opened to resume starts mid-file (unless it was spooled whole): open it afresh.
    if (found && 'record' in found && isUrl(job.media) && !video.localPath) {
      await video.close();
      video = await openVideo(job.media, deps.http.media, deps.signal);
    }
    return await startUpload(job, postInfo, video, deps);
  } finally {
    await video.close();
  }
}

async function startUpload(
  job: VideoJob,
  postInfo: VideoPostInfo,
  video: VideoSource,
  deps: PublishDeps,
): Promise<string> {
  const { client, reporter, records } = deps;
  const { plan } = video;
  const source_info = {
    source: 'FILE_UPLOAD' as const,
    video_size: plan.videoSize,
    chunk_size: plan.chunkSize,
    total_chunk_count: plan.totalChunkCount,
  };
  const initAt = Date.now();
  await deps.beforeInit?.();
  // A FILE_UPLOAD init publishes nothing until its bytes arrive, however it failed.
  const init = await (job.mode === 'inbox'
    ? client.initInbox(source_info)
    : client.initVideo(postInfo, source_info)
  ).catch((error: unknown) => {
    throw initFailure(error, true);
  });
  if (!init.upload_url) throw markNotPublished(new RefusedError('TikTok did not return an upload URL.'));
  const publishId = init.publish_id;
  // The post's lock: a second run of the same post at the same time never sends into it too.
  const release = records ? await records.lockUpload(publishId) : async () => {};
  try {
    await records?.save(
      newRecord(job, records.username, publishId, {
        creatorUsername: deps.creator?.creator_username,
        upload: {
          uploadUrl: init.upload_url,
          expiresAt: initAt + UPLOAD_URL_LIFETIME_MS,
          videoSize: plan.videoSize,
          chunkSize: plan.chunkSize,
          totalChunkCount: plan.totalChunkCount,
          contentType: video.contentType,
          identity: video.identity,
          ackedChunks: 0,
        },
      }),
      { durable: true },
    );
    // The ledger has the publish ID before the first byte goes (a kill from here on is resumable).
    await deps.onPublishId?.(publishId, { videoSize: plan.videoSize });
    reporter.step(`Uploading ${formatBytes(plan.videoSize)} in ${plural(plan.totalChunkCount, 'chunk')}`);
    await send(publishId, init.upload_url, video, deps, 0).catch(async (error) => {
      // Expired or gone: nothing was published and nothing is left to resume.
      if (error instanceof UploadGone) await records?.remove(publishId);
      throw error;
    });
    return publishId;
  } finally {
    await release();
  }
}

/**
 * Sends the rest of a recorded upload, starting from the chunk after the last one TikTok
 * acknowledged: TikTok's answer to that first PUT (accepted, or a 416 with its Content-Range) is its
 * own count, which wins. Undefined when TikTok no longer takes the upload (expired, unknown).
 */
async function continueUpload(
  resume: Resumable,
  video: VideoSource,
  deps: PublishDeps,
): Promise<string | undefined> {
  const { reporter, records } = deps;
  const { publishId, upload } = resume;
  const release = records ? await records.lockUpload(publishId) : async () => {};
  // The post exists at TikTok (its upload may even be complete): from here, an error proves nothing.
  await deps.beforeInit?.();
  try {
    let confirmed = false;
    const confirm = (held: number) => {
      confirmed = true;
      reporter.info(`Resuming: ${formatBytes(held)} of ${formatBytes(upload.videoSize)} already with TikTok`);
      void deps.onPublishId?.(publishId, { videoSize: upload.videoSize });
    };
    reporter.step(`Resuming the upload of ${publishId}`);
    try {
      if (upload.ackedChunks >= upload.totalChunkCount) {
        // Every chunk was acknowledged before the last run ended: TikTok only has to know the post.
        // Its own count wins over the record's (stored text, which another writer may have raised).
        const status = await deps.client.fetchStatus(publishId);
        const held = status.uploaded_bytes;
        if (status.status === 'PROCESSING_UPLOAD' && held !== undefined && held < upload.videoSize) {
          const from = Math.min(Math.floor(held / upload.chunkSize), upload.totalChunkCount - 1);
          reporter.warn(
            `The record of ${publishId} says every chunk was sent; TikTok has ${formatBytes(held)}: sending from chunk ${from + 1}.`,
          );
          await send(publishId, upload.uploadUrl, video, deps, from, confirm);
          return publishId;
        }
        confirm(upload.videoSize);
        return publishId;
      }
      await send(publishId, upload.uploadUrl, video, deps, upload.ackedChunks, confirm);
      return publishId;
    } catch (error) {
      if (confirmed || !(error instanceof UploadGone || isUnknownPublishId(error))) {
        if (error instanceof UploadGone) await records?.remove(publishId);
        throw error;
      }
      const why =
        error instanceof UploadGone && error.reason === 'expired'
          ? `TikTok says the upload URL of ${publishId} has expired`
          : `TikTok no longer knows the upload ${publishId}`;
      reporter.info(`Starting a new upload: ${why}.`);
      await records?.remove(publishId);
      return undefined;
    }
  } finally {
    await release();
  }
}

function isUnknownPublishId(error: unknown): boolean {
  return error instanceof RefusedError && error.code === 'invalid_publish_id';
}

/**
 * PUTs the chunks from `startIndex`, recording each one TikTok acknowledges before the next is sent
 * (as a crash could come at any point, the record never lags TikTok by more than the chunk in flight).
 */
function send(
  publishId: string,
  uploadUrl: string,
  video: VideoSource,
  deps: PublishDeps,
  startIndex: number,
  onFirstReply?: (held: number) => void,
): Promise<void> {
  // A file's acknowledged chunks are hashed as they are acknowledged (see chunk-hashes.ts).
  const path = video.identity.kind === 'file' ? video.localPath : undefined;
  let hashed = startIndex;
  const hashesUpTo = async (acked: number): Promise<{ from: number; hashes: string[] } | undefined> => {
    if (!path || acked <= hashed) return undefined;
    const from = hashed;
    hashed = acked;
    return { from, hashes: await chunkHashes(path, video.plan, from, acked) };
  };
  return uploadChunks(
    { uploadUrl, contentType: video.contentType, plan: video.plan, chunk: (i) => video.chunk(i) },
    {
      dispatcher: deps.http.plain,
      ...(deps.http.retryBaseMs !== undefined ? { retryBaseMs: deps.http.retryBaseMs } : {}),
      onProgress: (s, t) => deps.reporter.progress(s, t),
      signal: deps.signal,
      startIndex,
      onFirstReply,
      onAck: async (ackedChunks) => {
        const added = await hashesUpTo(ackedChunks).catch(() => undefined);
        await deps.records
          ?.update(publishId, (r) => {
            if (!r.upload) return r;
            const known = r.upload.chunkHashes ?? [];
            // Hashes only ever describe chunks 0…n−1 without a gap.
            const chunkHashes =
              added && known.length >= added.from
                ? [...known.slice(0, added.from), ...added.hashes]
                : r.upload.chunkHashes;
            return { ...r, upload: { ...r.upload, ackedChunks, ...(chunkHashes ? { chunkHashes } : {}) } };
          })
          // A record that could not be written only means a resume sends a chunk again (TikTok's 416 says).
          .catch(() => {});
      },
    },
  );
}
