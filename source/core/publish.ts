import { setTimeout as sleep } from 'node:timers/promises';
import { formatFacts } from '../media/inspect/index.js';
import { withSourceMedia } from '../media/url-guard.js';
import {
  type Fix,
  isNotPublished,
  markNotPublished,
  NetworkError,
  RefusedError,
  UsageError,
} from '../shared/errors.js';
import { plural } from '../shared/format.js';
import type { PhotoJob, PostJob, VideoJob } from '../shared/post-job.js';
import type { Reporter } from '../shared/reporter.js';
import { FAIL_REASONS } from '../tiktok/errors.js';
import type { CreatorInfo, StatusData } from '../tiktok/types.js';
import { checkPullUrl, preflightImage } from './check-media.js';
import { fixVideoJob, previewConversions } from './fix-media.js';
import { initFailure } from './init-failure.js';
import { type HostedPhotos, hostLocalPhotos, requireMediaHost } from './photo-host.js';
import { postLinkOf } from './post-link.js';
import { FINAL_STATUSES } from './post-status.js';
import { initRequest, type PostPreview, photoInit, previewPost, videoPostInfo } from './preview.js';
import { afterUnauditedRefusal, withinLimits } from './publish-limits.js';
import type { PublishDeps, PublishResult } from './publish-types.js';
import { closeRecord, newRecord } from './resume.js';
import { checkJob, declaration, labelSentence } from './rules.js';
import { uploadVideo } from './upload-video.js';

export type { PublishDeps, PublishDetails, PublishResult } from './publish-types.js';

/** Posts one job: creator_info rules, media checks, init, upload, then status until final. */
export async function publishJob(job: PostJob, given: PublishDeps): Promise<PublishResult> {
  let asked = false;
  try {
    given.signal?.throwIfAborted();
    const deps = withSourceMedia(job, {
      ...given,
      async beforeInit() {
        // The last moment a cancelled run can stop without anything created at TikTok.
        given.signal?.throwIfAborted();
        await given.beforeInit?.();
        given.signal?.throwIfAborted();
        asked = true;
      },
    });
    return await publishSteps(job, deps);
  } catch (error) {
    // Before the init request, nothing can have been published: the ledger may forget the item.
    throw asked ? error : markNotPublished(error);
  }
}

async function publishSteps(job: PostJob, deps: PublishDeps): Promise<PublishResult> {
  const { reporter, client } = deps;
  reporter.step('Checking the account');
  const creator = deps.creator ?? (await client.creatorInfo());
  deps = { ...deps, creator };
  reporter.info(`Posting as ${creator.creator_nickname} (@${creator.creator_username})`);
  job = relaxDefaults(job, creator, reporter);
  job = await withinLimits(job, creator, deps);
  const problem = checkJob(job, creator)[0];
  if (problem) throw new UsageError(problem.message, { fix: fixFor(problem.field, creator) });
  const label = labelSentence(job.kind, job.brand);
  if (label) reporter.info(`${label}.`);
  reporter.info(declaration(job.brand));
  if (deps.dryRun) return { publishId: '', preview: await dryRunPreview(job, creator, deps) };

  let photos: HostedPhotos | undefined;
  if (job.kind === 'photo') {
    photos = await hostLocalPhotos(job, deps.mediaHost, {
      ...deps,
      policy: deps.fixMedia ?? { consent: 'refuse' },
    });
    job = photos.job;
  }
  const publishId = await start(job, creator, deps).catch(async (error: unknown) => {
    // An unaudited app's public account: TikTok created nothing; a draft instead, if the person chose it.
    const instead = await afterUnauditedRefusal(error, job, deps)
      .then((next) => next && withinLimits(next, creator, deps))
      .catch((e: unknown) => {
        throw markNotPublished(e); // refused before a second init: nothing was created
      });
    if (!instead) throw error;
    job = instead;
    return start(job, creator, deps);
  });
  if (deps.noWait) {
    await closeRecord(deps.records, publishId);
    return { publishId };
  }
  deps.onWaiting?.(publishId);
  reporter.step('Checking status');
  reporter.event?.({ kind: 'processing', publishId });
  let status: StatusData;
  try {
    status = await waitForStatus(publishId, deps);
  } catch (error) {
    // FAILED: the record says so; anything else (timeout, network) leaves it for a rerun to pick up.
    if (isNotPublished(error)) {
      await closeRecord(deps.records, publishId, {
        status: 'FAILED',
        fail_reason: (error as RefusedError).code,
      });
      await photos?.release();
    }
    throw error;
  }
  await closeRecord(deps.records, publishId, status);
  // TikTok has pulled the photos: the host's copies may go.
  await photos?.release();
  const link = postLinkOf({
    status: status.status,
    postIds: status.publicaly_available_post_id,
    privacy: job.privacy,
    mode: job.mode,
    creatorUsername: creator.creator_username,
  });
  return { publishId, status, link };
}

function start(job: PostJob, creator: CreatorInfo, deps: PublishDeps): Promise<string> {
  return job.kind === 'video' ? startVideo(job, creator, deps) : startPhoto(job, deps);
}

/** Records a post that needs no upload (a pull, photos) the moment TikTok accepts it. */
async function recorded(job: PostJob, publishId: string, deps: PublishDeps): Promise<string> {
  await deps.records?.save(
    newRecord(job, deps.records.username, publishId, { creatorUsername: deps.creator?.creator_username }),
  );
  await deps.onPublishId?.(publishId, {});
  return publishId;
}

/** Interactions left at the seed's default (on) are turned off, with a warning, where the creator disabled them. */
function relaxDefaults(job: PostJob, creator: CreatorInfo, reporter: Reporter): PostJob {
  if (!job.interactionsFromDefaults) return job;
  const next = { ...job };
  const off = (what: string) =>
    reporter.warn(`${what} are turned off in this account's TikTok settings; posting without them.`);
  if (next.allowComments && creator.comment_disabled) {
    next.allowComments = false;
    off('Comments');
  }
  if (next.kind === 'video' && next.allowDuet && creator.duet_disabled) {
    next.allowDuet = false;
    off('Duets');
  }
  if (next.kind === 'video' && next.allowStitch && creator.stitch_disabled) {
    next.allowStitch = false;
    off('Stitches');
  }
  return next;
}

function fixFor(field: string, creator: CreatorInfo): Fix | undefined {
  if (field === 'privacy') return { kind: 'privacy', allowed: creator.privacy_level_options };
  if (field === 'brand') return { kind: 'brand-not-private' };
  if (field === 'comments' || field === 'duet' || field === 'stitch')
    return { kind: 'drop-interaction', which: field };
  return undefined;
}

async function startVideo(job: VideoJob, creator: CreatorInfo, deps: PublishDeps): Promise<string> {
  const { client, reporter } = deps;
  if (job.source === 'pull') {
    reporter.step('Checking the video URL');
    await checkPullUrl(job.media, creator, deps.http, reporter, deps.signal);
    const source_info = { source: 'PULL_FROM_URL' as const, video_url: job.media };
    await deps.beforeInit?.();
    const init = await (job.mode === 'inbox'
      ? client.initInbox(source_info)
      : client.initVideo(videoPostInfo(job), source_info)
    ).catch((error: unknown) => {
      throw initFailure(error, false);
    });
    return recorded(job, init.publish_id, deps);
  }
  // A local file TikTok would fail is converted first when allowed (else refused, naming the fix).
  const fixed = await fixVideoJob(
    job,
    creator,
    deps.fixMedia ?? { consent: 'refuse' },
    reporter,
    deps.signal,
  );
  return uploadVideo(fixed, creator, videoPostInfo(fixed), deps);
}

async function startPhoto(job: PhotoJob, deps: PublishDeps): Promise<string> {
  deps.reporter.step(`Checking ${plural(job.images.length, 'image')}`);
  // TikTok never says which image of a carousel it failed: each is checked, and named, now.
  const facts = await Promise.all(job.images.map((url) => preflightImage(url, deps.http, deps.signal)));
  facts.forEach((f, i) => void deps.reporter.info(`Image ${i + 1}: ${formatFacts(f)}`));
  await deps.beforeInit?.();
  const init = await deps.client.initPhoto(photoInit(job)).catch((error: unknown) => {
    throw initFailure(error, false);
  });
  return recorded(job, init.publish_id, deps);
}

/** Polls status with backoff (within TikTok's 30/min) until a final state or the wait limit. */
export async function waitForStatus(publishId: string, deps: PublishDeps): Promise<StatusData> {
  const start = Date.now();
  const limit = deps.waitTimeoutMs ?? 10 * 60 * 1000;
  let interval = deps.pollIntervalMs ?? 2000;
  let last = '';
  for (;;) {
    deps.signal?.throwIfAborted();
    const status = await deps.client.fetchStatus(publishId);
    if (status.status !== last) deps.reporter.info(`Status: ${status.status}`);
    last = status.status;
    if (status.status === 'FAILED') {
      const reason = status.fail_reason ?? 'unknown';
      throw markNotPublished(
        new RefusedError(`TikTok could not publish ${publishId}: ${FAIL_REASONS[reason] ?? reason}`, {
          code: reason,
        }),
      );
    }
    if (FINAL_STATUSES.includes(status.status)) return status;
    if (Date.now() - start + interval > limit) {
      throw new NetworkError(`TikTok is still processing ${publishId} after ${Math.round(limit / 1000)} s.`, {
        hint: 'it may still appear on the profile; check the TikTok app',
      });
    }
    await sleep(interval, undefined, { signal: deps.signal });
    interval = Math.min(interval * 1.5, 10_000);
  }
}

/**
 * A dry run's answer: the init's request, and what would be converted first. A local file that
 * needs converting has no copy yet to preview: the request then leaves the sizes to the conversion.
 */
async function dryRunPreview(job: PostJob, creator: CreatorInfo, deps: PublishDeps): Promise<PostPreview> {
  if (job.kind === 'photo') requireMediaHost(job, deps.mediaHost);
  const trimToMax = deps.fixMedia?.trimToMax === true;
  const conversions = await previewConversions(job, creator, { trimToMax });
  if (conversions.length === 0) return previewPost(job, creator, deps);
  for (const c of conversions)
    deps.reporter.info(`Would convert ${c.input}: ${c.changes.join(', ')} → ${c.result}`);
  // The copy's size is known only once it is made: the source_info says only how it is sent.
  return { ...initRequest(job, { source: 'FILE_UPLOAD' }), conversions };
}
