import { formatBytes } from '../shared/format.js';
import type { TikTokClient } from '../tiktok/client.js';
import { FAIL_REASONS } from '../tiktok/errors.js';
import type { PublishStatus, StatusData } from '../tiktok/types.js';

/** Statuses after which nothing changes any more. */
export const FINAL_STATUSES: readonly string[] = ['PUBLISH_COMPLETE', 'SEND_TO_USER_INBOX', 'FAILED'];

/** A status in plain words, as `status`, `history` and the wizard say it. */
export function statusWords(
  status: Pick<StatusData, 'status' | 'fail_reason'> & Partial<StatusData>,
): string {
  switch (status.status as PublishStatus) {
    case 'PUBLISH_COMPLETE':
      return 'Published';
    case 'SEND_TO_USER_INBOX':
      return 'In the creator’s TikTok inbox: open the TikTok app to finish the post';
    case 'FAILED': {
      const reason = status.fail_reason ?? 'internal';
      return `Failed: ${FAIL_REASONS[reason] ?? `TikTok gave the reason '${reason}'.`}`;
    }
    case 'PROCESSING_UPLOAD':
      return `TikTok is receiving or processing the upload${status.uploaded_bytes !== undefined ? ` (${formatBytes(status.uploaded_bytes)} received)` : ''}`;
    case 'PROCESSING_DOWNLOAD':
      return `TikTok is downloading the media from its URL${status.downloaded_bytes !== undefined ? ` (${formatBytes(status.downloaded_bytes)} so far)` : ''}`;
    default:
      return `TikTok says ${status.status}`;
  }
}

/** The public address of a post, from the creator's username and the post id TikTok gives once it is public. */
export function postUrl(creatorUsername: string | undefined, postId: string): string {
  return creatorUsername
    ? `https://www.tiktok.com/@${creatorUsername}/video/${postId}`
    : `https://www.tiktok.com/video/${postId}`;
}

export interface StatusCheck {
  status: StatusData;
  /** --wait gave up before a final status. */
  timedOut: boolean;
}

/**
 * Asks TikTok once, or with `wait` until a final status, with the backoff of a post's own polling
 * (from `intervalMs`, ×1.5 up to 10 s; TikTok allows 30 status calls a minute).
 */
export async function checkStatus(
  client: TikTokClient,
  publishId: string,
  options: {
    wait: boolean;
    intervalMs: number;
    timeoutMs: number;
    signal?: AbortSignal;
    onChange?(status: StatusData): void;
  },
): Promise<StatusCheck> {
  const start = Date.now();
  let interval = options.intervalMs;
  let last = '';
  for (;;) {
    options.signal?.throwIfAborted();
    const status = await client.fetchStatus(publishId);
    if (status.status !== last) options.onChange?.(status);
    last = status.status;
    if (!options.wait || FINAL_STATUSES.includes(status.status)) return { status, timedOut: false };
    if (Date.now() - start + interval > options.timeoutMs) return { status, timedOut: true };
    await new Promise((resolve) => setTimeout(resolve, interval));
    interval = Math.min(interval * 1.5, 10_000);
  }
}
