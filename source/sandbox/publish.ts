import { randomInt } from 'node:crypto';
import type { SandboxContext } from './context.js';
import { judgeVideo, type Spool } from './media/index.js';
import type { PublishRecord } from './state.js';

function digits(count: number): string {
  let out = String(randomInt(1, 10));
  while (out.length < count) out += String(randomInt(0, 10));
  return out;
}

/** A publish_id in TikTok's shape for this kind of post. */
export function newPublishId(record: Pick<PublishRecord, 'kind' | 'post_mode' | 'source_info'>): string {
  if (record.kind === 'photo') {
    return `${record.post_mode === 'DIRECT_POST' ? 'p_pub_url' : 'p_inbox_url'}~v2.${digits(19)}`;
  }
  const via = record.source_info.source === 'PULL_FROM_URL' ? 'url' : 'file';
  return record.kind === 'inbox_video'
    ? `v_inbox_${via}~v2.${digits(19)}`
    : `v_pub_${via}~v2-1.${digits(19)}`;
}

/** An int64 post id above 2^53, as TikTok's are (7… with 19 digits); kept as a decimal string. */
export function newPostId(): string {
  // 7 then 18 digits, the second non-zero: between 7.1e18 and 8e18, well inside int64.
  return `7${digits(18)}`;
}

/**
 * Everything has arrived: the record stays PROCESSING_* for statusDelayMs, then reaches its final
 * state. A fail reason found while receiving, or one forced by faults, wins over success.
 */
export function finishPublish(ctx: SandboxContext, record: PublishRecord, failReason?: string): void {
  ctx.later(ctx.options.statusDelayMs, () => {
    if (record.status === 'FAILED') return;
    record.completed_at = Date.now();
    const reason = record.forced_fail_reason ?? failReason;
    if (reason) {
      record.status = 'FAILED';
      record.fail_reason = reason;
      ctx.events.emit(record, 'post.publish.failed', { reason });
      return;
    }
    if (record.post_mode === 'MEDIA_UPLOAD') {
      record.status = 'SEND_TO_USER_INBOX';
      ctx.events.emit(record, 'post.publish.inbox_delivered', {});
      return;
    }
    record.status = 'PUBLISH_COMPLETE';
    ctx.events.emit(record, 'post.publish.complete', {});
    // TikTok only reports ids of posts the public can see, and only once moderation has passed them.
    const privacy = record.post_info?.privacy_level;
    if (privacy !== 'SELF_ONLY') startModeration(ctx, record);
  });
}

/**
 * A public post goes through moderation before its id is released ("usually within one minute, in some
 * cases a few hours"): meanwhile status says PUBLISH_COMPLETE with `publicaly_available_post_id: []`.
 * A delay of 0 releases the id at once, with the final status.
 */
function startModeration(ctx: SandboxContext, record: PublishRecord): void {
  const delay = ctx.options.moderationDelayMs;
  if (delay <= 0) {
    releasePostId(ctx, record);
    return;
  }
  record.moderation_ends_at = (record.completed_at ?? Date.now()) + delay;
  ctx.later(delay, () => releasePostId(ctx, record));
}

/** Moderation is over: the post is public, its id is known and the Display API lists it. */
export function releasePostId(ctx: SandboxContext, record: PublishRecord): void {
  if (record.post_ids.length > 0 || record.status !== 'PUBLISH_COMPLETE') return;
  delete record.moderation_ends_at;
  const postId = newPostId();
  record.post_ids.push(postId);
  // Strictly increasing, so the Display API's cursor (a time in ms) never splits two posts made public at once.
  let latest = 0;
  for (const other of ctx.state.publishes.values()) latest = Math.max(latest, other.public_at ?? 0);
  record.public_at = Math.max(Date.now(), latest + 1);
  ctx.events.emit(record, 'post.publish.publicly_available', { post_id: postId });
}

/** End every moderation still running now (the faults document's `endModeration`). */
export function endModeration(ctx: SandboxContext): void {
  for (const record of ctx.state.publishes.values()) {
    if (record.moderation_ends_at !== undefined) releasePostId(ctx, record);
  }
}

/**
 * The whole video has arrived (uploaded or pulled) in `spool`: the sandbox judges it on its own
 * reader as TikTok would, records what it found, and moves the publish on. The spool is deleted.
 */
export async function judgeAndFinish(
  ctx: SandboxContext,
  record: PublishRecord,
  spool: Spool,
  size: number,
): Promise<void> {
  let failReason: string | undefined;
  try {
    await spool.settle(size);
    const verdict = await judgeVideo(spool.path, ctx.state.creator.max_video_post_duration_sec);
    if (verdict.container) record.container = verdict.container;
    if (verdict.duration_sec !== undefined) record.duration_sec = verdict.duration_sec;
    failReason = verdict.fail_reason;
  } catch {
    failReason = 'internal';
  } finally {
    await spool.discard();
  }
  finishPublish(ctx, record, failReason);
}
