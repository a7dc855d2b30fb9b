import { isNotPublished } from '../shared/errors.js';
import type { Reporter } from '../shared/reporter.js';
import type { LedgerEntry, Store } from '../store/store.js';
import type { StatusData } from '../tiktok/types.js';
import type { PublishDetails } from './publish.js';

/** Posts one job; `onPublishId` fires the moment TikTok accepts it. */
export type PostFn = (
  job: import('../shared/post-job.js').PostJob,
  onPublishId: (id: string, details: PublishDetails) => void,
) => Promise<unknown>;

export interface LedgerDeps {
  store: Store;
  reporter: Reporter;
  /** Asks TikTok about an earlier publish ID (a run that died before it finished). */
  status(publishId: string): Promise<StatusData>;
}

/**
 * Whether an item was already posted. A finished entry says so. An entry left by a run that died
 * after TikTok's publish ID is checked with TikTok: if the upload never completed or TikTok failed
 * it, nothing was published and the item may be posted again; otherwise (or if TikTok can't say) it
 * counts as posted, since a double post is worse than a missed one.
 */
export async function alreadyPosted(
  key: string,
  label: string,
  deps: LedgerDeps,
): Promise<LedgerEntry | undefined> {
  const entry = deps.store.posted(key);
  if (entry?.state !== 'accepted') return entry;
  try {
    const status = await deps.status(entry.publishId);
    // PROCESSING_UPLOAD also follows a complete upload while TikTok processes it: only missing bytes prove nothing was posted.
    const unfinished =
      status.status === 'PROCESSING_UPLOAD' &&
      entry.videoSize !== undefined &&
      (status.uploaded_bytes ?? 0) < entry.videoSize;
    if (status.status === 'FAILED' || unfinished) {
      deps.reporter.info(
        `${label}: an earlier run stopped before TikTok published ${entry.publishId}; posting it again.`,
      );
      deps.store.forgetPosted(key);
      return undefined;
    }
  } catch {
    // TikTok could not tell: keep it as posted.
  }
  deps.store.recordPosted(key, { ...entry, state: 'done' });
  return entry;
}

/** Posts with the ledger: `accepted` at the publish ID, `done` when the post finished; forgotten if surely not posted. */
export async function postRecorded(
  key: string,
  label: string,
  job: import('../shared/post-job.js').PostJob,
  post: PostFn,
  store: Store,
): Promise<void> {
  let publishId: string | undefined;
  try {
    await post(job, (id, details) => {
      publishId = id;
      store.recordPosted(key, { publishId: id, at: Date.now(), label, state: 'accepted', ...details });
    });
  } catch (error) {
    if (publishId && isNotPublished(error)) store.forgetPosted(key);
    throw error;
  }
  if (publishId)
    store.recordPosted(key, { ...store.posted(key), publishId, at: Date.now(), label, state: 'done' });
}
