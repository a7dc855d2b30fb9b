import { AgorasError, ExitCode, isNotPublished } from '../shared/errors.js';
import type { PostJob } from '../shared/post-job.js';
import type { Reporter } from '../shared/reporter.js';
import type { LedgerEntry, StateStore } from '../store/state-store.js';
import type { StatusData } from '../tiktok/types.js';
import type { PublishDetails } from './publish.js';

/**
 * Posts one job; `onPublishId` fires the moment TikTok accepts it, `beforeSend` just before TikTok
 * is asked to create the post (after the media was checked and, by URL, its download began): the
 * ledger's intent is taken there, so a run that dies or stalls earlier leaves nothing uncertain.
 */
export type PostFn = (
  job: PostJob,
  onPublishId: (id: string, details: PublishDetails) => void | Promise<void>,
  beforeSend?: () => Promise<void>,
) => Promise<unknown>;

export interface LedgerDeps {
  store: StateStore;
  reporter: Reporter;
  /** Asks TikTok about an earlier publish ID (a run that died before it finished). */
  status(publishId: string): Promise<StatusData>;
  /** --retry-uncertain: post again what an earlier run may or may not have posted. */
  retryUncertain?: boolean;
  /** How the front end says "post it anyway" (the command line names its flag). */
  uncertainHint?: string;
}

/** The ledger keeps a short label, never a whole title (a hostile feed's 5 MB title stays out). */
export const LABEL_MAX = 80;

export function shortLabel(label: string): string {
  return label.length > LABEL_MAX ? `${label.slice(0, LABEL_MAX - 1)}…` : label;
}

/** What the ledger says about an item: posted, perhaps posted (TikTok cannot tell), or not. */
export type Prior = { state: 'posted'; entry: LedgerEntry } | { state: 'uncertain'; entry: LedgerEntry };

/**
 * Whether an item was already posted. A finished entry says so. An entry left 'accepted' by a run
 * that died is checked with TikTok: if the upload never completed or TikTok failed it, nothing was
 * published and it may be posted again. An entry left 'pending' (the run died, or lost its
 * connection, between writing its intent and hearing TikTok's publish ID) cannot be asked about,
 * and neither can one TikTok has no answer for: those are uncertain, and are not posted again
 * unless the user says so (--retry-uncertain), since a double post is worse than a missed one.
 */
export async function priorPost(key: string, label: string, deps: LedgerDeps): Promise<Prior | undefined> {
  const entry = await deps.store.posted(key);
  if (!entry) return undefined;
  if (entry.state === 'done' || entry.state === undefined) return { state: 'posted', entry };
  let status: StatusData | undefined;
  // A 'pending' entry with a publish ID is a rerun continuing that upload: TikTok can be asked too.
  if ((entry.state === 'accepted' || entry.state === 'pending') && entry.publishId) {
    status = await deps.status(entry.publishId).catch(() => undefined); // undefined: TikTok could not tell
  }
  // TikTok's byte count may be absent (sparse replies): unknown, never "nothing arrived".
  const received = status?.uploaded_bytes;
  const upload = entry.publishId ? (await deps.store.findPostRecord(entry.publishId))?.upload : undefined;
  const uploadComplete = upload !== undefined && upload.ackedChunks >= upload.totalChunkCount;
  const waiting = status?.status === 'PROCESSING_UPLOAD' && entry.videoSize !== undefined && !uploadComplete;
  const unknownBytes = waiting && received === undefined && !upload;
  if (status && !unknownBytes) {
    // PROCESSING_UPLOAD also follows a complete upload while TikTok processes it: only missing bytes
    // (TikTok's count, or our own record of an upload still to finish) prove nothing was posted.
    const unfinished = waiting && (received !== undefined ? received < entry.videoSize! : true);
    // A write that fails here only leaves the entry to be asked about again next time.
    if (status.status === 'FAILED' || unfinished) {
      // An upload still on record is continued (same publish ID) by the post that follows: the
      // entry stays, and postRecorded keeps its publish ID in the new 'pending' intent.
      if (unfinished && upload) {
        deps.reporter.info(
          `${label}: an earlier run stopped before TikTok published ${entry.publishId}; continuing its upload.`,
        );
        return undefined;
      }
      deps.reporter.info(
        `${label}: an earlier run stopped before TikTok published ${entry.publishId}; posting it again.`,
      );
      await tryWrite(() => deps.store.forgetPosted(key));
      return undefined;
    }
    if (status.status === 'PUBLISH_COMPLETE' || status.status === 'SEND_TO_USER_INBOX') {
      await tryWrite(() => deps.store.recordPosted(key, { ...entry, state: 'done' }));
    } else {
      // Still processing: posted as far as anyone can tell; a later run asks again until it is final.
      deps.reporter.info(`${label}: TikTok is still processing ${entry.publishId}; not posting it again.`);
    }
    return { state: 'posted', entry };
  }
  if (deps.retryUncertain) {
    deps.reporter.warn(`${label}: an earlier run may have posted it; posting it again, as asked.`);
    return undefined;
  }
  deps.reporter.warn(
    `${label}: an earlier run may have posted it${entry.publishId ? ` (${entry.publishId})` : ''} and TikTok cannot tell; not posting it again${deps.uncertainHint ? ` (${deps.uncertainHint})` : ''}.`,
  );
  return { state: 'uncertain', entry };
}

/** True when this machine still holds the record of an unfinished upload under that publish ID. */
async function resumableUpload(store: StateStore, publishId: string | undefined): Promise<boolean> {
  return Boolean(publishId && (await store.findPostRecord(publishId))?.upload);
}

async function tryWrite(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch {}
}

/** The intent could not be written: nothing is posted, so nothing can ever be posted twice. */
export class LedgerWriteError extends AgorasError {
  constructor(store: StateStore, cause: unknown) {
    const e = cause as { code?: string; message?: string };
    const code = e.code ?? /^E[A-Z]+\b/.exec(e.message ?? '')?.[0];
    super(
      `Could not write the ledger in ${store.location}${code ? ` (${code})` : ''}; not posted, so that it can never be posted twice.`,
      ExitCode.unexpected,
      { hint: 'free some space or make the config directory writable, then run again', cause },
    );
  }
}

/** Another runner took the item between our look at the ledger and our intent: it posts it, not us. */
export const TAKEN = 'taken';

/**
 * Posts with the ledger, writing intent before acting: 'pending' before anything is sent (a failed
 * write refuses the post), 'accepted' with the publish ID, 'done' when the post finished. The
 * intent is taken atomically (only if the entry is still what this run read), so two runners
 * sharing a store never both post an item: the one that loses gets TAKEN and posts nothing. An
 * entry is forgotten only when the error proves nothing was published.
 */
export async function postRecorded(
  key: string,
  label: string,
  job: PostJob,
  post: PostFn,
  store: StateStore,
  reporter?: Reporter,
): Promise<typeof TAKEN | undefined> {
  const short = shortLabel(label);
  let prior: LedgerEntry | undefined;
  try {
    prior = await store.posted(key);
  } catch (error) {
    throw error instanceof AgorasError ? error : new LedgerWriteError(store, error);
  }
  // Posted meanwhile by another run (this run's look at the ledger is older): never again.
  if (prior && (prior.state === 'done' || prior.state === undefined)) return TAKEN;
  let claimed = false;
  /** Takes the intent; called by the post just before TikTok is asked (or, at the latest, with the publish ID). */
  const claim = async () => {
    if (claimed) return;
    let won: boolean;
    try {
      // Continuing a recorded upload: the intent keeps its publish ID, so a run that dies before TikTok
      // answers leaves an entry the next run can ask TikTok about (not an uncertain one).
      const resuming = (await resumableUpload(store, prior?.publishId))
        ? {
            publishId: prior!.publishId,
            ...(prior!.videoSize !== undefined ? { videoSize: prior!.videoSize } : {}),
          }
        : {};
      const intent: LedgerEntry = {
        at: Date.now(),
        label: short,
        state: 'pending',
        owner: runId,
        ...resuming,
      };
      won = await store.claimPosted(key, intent, { expected: prior });
    } catch (error) {
      // The store's own errors (unreachable Redis: exit 5; a lost lock) say what happened; a disk's are wrapped.
      throw error instanceof AgorasError ? error : new LedgerWriteError(store, error);
    }
    if (!won) throw new TakenMeanwhile();
    claimed = true;
  };
  // Later writes only narrow what the 'pending' entry already guards: their failure is reported, not fatal.
  const write = async (what: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (error) {
      reporter?.warn(
        `${short}: could not ${what} in the ledger (${(error as { code?: string }).code ?? (error as Error).message}); the next run will not post it again unless told to.`,
      );
    }
  };
  let publishId: string | undefined;
  let accepted: Promise<void> = Promise.resolve();
  try {
    await post(
      job,
      async (id, details) => {
        await claim();
        publishId = id;
        // Returned, so the post waits for it: the publish ID is in the ledger before the upload goes on.
        accepted = write('record its publish ID', () =>
          store.recordPosted(key, {
            publishId: id,
            at: Date.now(),
            label: short,
            state: 'accepted',
            ...details,
          }),
        );
        return accepted;
      },
      claim,
    );
  } catch (error) {
    // Another runner took the item between our look and our intent: it posts it, not us.
    if (error instanceof TakenMeanwhile) return TAKEN;
    // Nothing was claimed: the ledger is as this run found it, and the next run tries again.
    if (!claimed) throw error;
    await accepted;
    if (isNotPublished(error)) await write('clear it', () => store.forgetPosted(key));
    throw error;
  }
  await accepted;
  await write('mark it done', async () =>
    store.recordPosted(key, {
      ...(await store.posted(key)),
      publishId,
      at: Date.now(),
      label: short,
      state: 'done',
    }),
  );
  return undefined;
}

/** Thrown from `beforeSend` when another runner claimed the item first: this run sends nothing. */
class TakenMeanwhile extends Error {
  constructor() {
    super('taken by another run meanwhile');
  }
}

/** Tells this run's intents from another runner's. */
const runId = `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
