import { RefusedError, UsageError } from '../shared/errors.js';
import { shellQuote } from '../shared/shell-quote.js';
import { FAIL_REASONS } from '../tiktok/errors.js';
import type { StatusData } from '../tiktok/types.js';
import { type PostLink, postLinkOf, recordFacts } from './post-link.js';
import { checkStatus, FINAL_STATUSES, postUrl, statusWords } from './post-status.js';
import { closeRecord, statusEntry } from './resume.js';
import { clientFor, type Runtime } from './runtime.js';
import { postNumbers, type VideoStats } from './stats.js';

/** What `agoras status` reports: data, for the command line to print as text or JSON. */
export interface StatusReport {
  publishId: string;
  account: string;
  status: StatusData['status'];
  final: boolean;
  description: string;
  failReason?: string;
  failReasonText?: string;
  postIds: string[];
  postUrls: string[];
  uploadedBytes?: number;
  downloadedBytes?: number;
  /** Where the post can be seen: link, moderation (the id withheld so far), private, draft, none. */
  link: PostLink['kind'];
  /** Views, likes, comments, shares (Display API), with the stats permissions. */
  stats?: VideoStats[];
  /** The post has an id but the account did not grant video.list: the front end says how to. */
  statsWithoutScope?: boolean;
  /** With `wait`: whether it gave up before a final status. */
  timedOut?: boolean;
  /** TikTok's answer as it came. */
  raw: StatusData;
  /**
   * Set when the answer is this machine's record, not TikTok's: a post of an earlier run's sandbox
   * (which lived only as long as that run); when that run saw the status, epoch ms.
   */
  recordedAt?: number;
}

export interface StatusRequest {
  publishId: string;
  username: string;
  /** The account that posted the ID on this machine, when known (for the hint of a refusal). */
  owner?: string;
  wait: boolean;
  timeoutMs: number;
  signal?: AbortSignal;
  onChange?(status: StatusData): void;
  onWait?(message: string): void;
  /** A problem that does not stop the report (the numbers could not be read). */
  onProblem?(message: string): void;
}

/** The account that posted an ID on this machine, from its records or the ledger. */
export async function ownerOnThisMachine(runtime: Runtime, publishId: string): Promise<string | undefined> {
  const record = await runtime.store.findPostRecord(publishId);
  if (record) return record.username;
  const key = Object.entries(await runtime.store.ledger()).find(([, e]) => e.publishId === publishId)?.[0];
  return key ? /^(?:feed|sheet):([^:]*):/.exec(key)?.[1] : undefined;
}

/** TikTok's reason for a FAILED post, and the same in words, when there is one. */
function failFields(reason: string | undefined): Pick<StatusReport, 'failReason' | 'failReasonText'> {
  return reason ? { failReason: reason, failReasonText: FAIL_REASONS[reason] ?? reason } : {};
}

/** TikTok's refusal to say anything about an ID, in words that name the way out. */
function notReadable(error: unknown, request: StatusRequest, sandbox: boolean): unknown {
  if (!(error instanceof RefusedError)) return error;
  const { publishId, username, owner } = request;
  // The built-in sandbox starts empty with every run: naming another account would not help.
  if (sandbox && error.code === 'invalid_publish_id')
    return new UsageError(`The sandbox does not know the publish ID ${publishId}.`, {
      hint: 'the sandbox forgets its posts when agoras exits, and this machine has no record of it; agoras history --sandbox lists those it has',
    });
  const hint =
    owner && owner !== username
      ? `this machine posted it as '${owner}': pass --tiktok-username ${shellQuote(owner)}`
      : 'only the account that posted it can read it: pass --tiktok-username NAME';
  if (error.code === 'invalid_publish_id')
    return new UsageError(`TikTok does not know the publish ID ${publishId} for account '${username}'.`, {
      hint,
    });
  if (error.code === 'token_not_authorized_for_specified_publish_id')
    return new UsageError(
      `The publish ID ${publishId} belongs to another TikTok account than '${username}'.`,
      {
        hint,
      },
    );
  return error;
}

/**
 * A post made in an earlier run's sandbox: that sandbox is gone (it lives as long as the agoras that
 * started it), so the answer is what this machine recorded of it, said to be so.
 */
async function sandboxRecord(
  runtime: Runtime,
  publishId: string,
  error: unknown,
): Promise<StatusReport | undefined> {
  if (!(error instanceof RefusedError) || error.code !== 'invalid_publish_id') return undefined;
  const record = await runtime.store.findPostRecord(publishId).catch(() => undefined);
  if (!record) return undefined;
  const last = record.status;
  const raw: StatusData = last
    ? {
        status: last.status as StatusData['status'],
        ...(last.failReason ? { fail_reason: last.failReason } : {}),
      }
    : { status: 'PROCESSING_UPLOAD' };
  return {
    publishId,
    account: record.username,
    status: raw.status,
    final: FINAL_STATUSES.includes(raw.status),
    description: last ? statusWords(raw) : 'The run that made it stopped before TikTok finished',
    ...failFields(last?.failReason),
    postIds: last?.postIds ?? [],
    postUrls: [],
    link: postLinkOf({ ...recordFacts(record), status: raw.status, postIds: last?.postIds ?? [] }).kind,
    raw,
    recordedAt: last?.at ?? record.at,
  };
}

/** Asks TikTok about a post (waiting for the end if asked), records what it said, and reports it. */
export async function statusReport(runtime: Runtime, request: StatusRequest): Promise<StatusReport> {
  const { publishId, username, wait } = request;
  const client = await clientFor(username, runtime, request.signal, request.onWait);
  let check: Awaited<ReturnType<typeof checkStatus>>;
  try {
    check = await checkStatus(client, publishId, {
      wait,
      intervalMs: runtime.settings.pollIntervalMs,
      timeoutMs: request.timeoutMs,
      signal: request.signal,
      onChange: (s) => request.onChange?.(s),
    });
  } catch (error) {
    const seen = runtime.sandbox ? await sandboxRecord(runtime, publishId, error) : undefined;
    if (seen) return seen;
    throw notReadable(error, request, Boolean(runtime.sandbox));
  }
  const { status, timedOut } = check;
  const records = runtime.store.records(username);
  // What TikTok says is what this machine now knows: a final status closes the record (history
  // then says Published, and no later run takes it for an unfinished upload). A link TikTok
  // withheld during moderation and gives now is recorded too: history shows it from then on.
  if (FINAL_STATUSES.includes(status.status)) await closeRecord(records, publishId, status);
  else await records.update(publishId, (r) => ({ ...r, status: statusEntry(status) })).catch(() => {});
  const record = await records.get(publishId).catch(() => undefined);
  const postIds = status.publicaly_available_post_id ?? [];
  // The post's address needs the creator's username: recorded when it was posted, else one more call.
  const creatorUsername =
    record?.creatorUsername ??
    (postIds.length ? (await client.creatorInfo().catch(() => undefined))?.creator_username : undefined);
  const link = postLinkOf({ ...(record ? recordFacts(record) : {}), status: status.status, postIds });
  // How it is doing: only with the permission the person opted into.
  const numbers = postIds.length
    ? await postNumbers(runtime, username, postIds, request.signal).catch((error: Error) => {
        request.onProblem?.(`Could not read the post's numbers: ${error.message}`);
        return undefined;
      })
    : undefined;
  const stats = numbers instanceof Map ? postIds.flatMap((id) => numbers.get(id) ?? []) : [];
  return {
    publishId,
    account: username,
    status: status.status,
    final: FINAL_STATUSES.includes(status.status),
    description: statusWords(status),
    ...failFields(status.fail_reason),
    postIds,
    postUrls: postIds.map((id) => postUrl(creatorUsername, id)),
    link: link.kind,
    ...(stats.length ? { stats } : {}),
    ...(numbers === 'no-scope' ? { statsWithoutScope: true } : {}),
    ...(status.uploaded_bytes !== undefined ? { uploadedBytes: status.uploaded_bytes } : {}),
    ...(status.downloaded_bytes !== undefined ? { downloadedBytes: status.downloaded_bytes } : {}),
    ...(wait ? { timedOut } : {}),
    raw: status,
  };
}
