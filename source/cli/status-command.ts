import { checkStatus, FINAL_STATUSES, postUrl, statusWords } from '../core/post-status.js';
import { closeRecord, statusEntry } from '../core/resume.js';
import { clientFor, type Runtime, recordsFor } from '../core/runtime.js';
import { ExitCode, RefusedError, UsageError } from '../shared/errors.js';
import type { PostRecord } from '../store/post-records.js';
import { FAIL_REASONS } from '../tiktok/errors.js';
import type { StatusData } from '../tiktok/types.js';
import { accountName, type CommandIO } from './command-io.js';
import type { ParsedArgs } from './flags.js';

const DEFAULT_WAIT_S = 600;

/** The account that posted an ID on this machine, from its records or the ledger. */
async function ownerOnThisMachine(runtime: Runtime, publishId: string): Promise<string | undefined> {
  const record = await runtime.store.findPostRecord(publishId);
  if (record) return record.username;
  const key = Object.entries(await runtime.store.ledger()).find(([, e]) => e.publishId === publishId)?.[0];
  return key ? /^(?:feed|sheet):([^:]*):/.exec(key)?.[1] : undefined;
}

/** TikTok's refusal to say anything about an ID, in words that name the way out. */
function notReadable(
  error: unknown,
  publishId: string,
  username: string,
  owner: string | undefined,
  sandbox: boolean,
): unknown {
  if (!(error instanceof RefusedError)) return error;
  // The built-in sandbox starts empty with every run: naming another account would not help.
  if (sandbox && error.code === 'invalid_publish_id')
    return new UsageError(`The sandbox does not know the publish ID ${publishId}.`, {
      hint: 'the sandbox forgets its posts when agoras exits, and this machine has no record of it; agoras history --sandbox lists those it has',
    });
  const hint =
    owner && owner !== username
      ? `this machine posted it as '${owner}': pass --tiktok-username ${owner}`
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

/** `agoras status PUBLISH_ID [--tiktok-username NAME] [--json] [--wait] [--wait-timeout S]`. */
export async function runStatus(
  rest: string[],
  args: ParsedArgs,
  runtime: Runtime,
  io: CommandIO,
): Promise<number> {
  const [publishId, extra] = rest;
  if (!publishId)
    throw new UsageError('Which post? Give its publish ID: agoras status PUBLISH_ID.', {
      hint: 'agoras history lists the posts made here, with their IDs',
    });
  if (extra !== undefined) throw new UsageError(`Unexpected '${extra}' after the publish ID.`);
  const owner = await ownerOnThisMachine(runtime, publishId);
  const named = typeof args.values['tiktok-username'] === 'string' && args.values['tiktok-username'] !== '';
  const username = await accountName(named || !owner ? args : withUser(args, owner), runtime, io);
  const client = await clientFor(username, runtime, io.signal, (message) => io.reporter.info(message));
  const wait = args.values.wait === true;
  const limitS =
    typeof args.values['wait-timeout'] === 'number' ? args.values['wait-timeout'] : DEFAULT_WAIT_S;
  let check: Awaited<ReturnType<typeof checkStatus>>;
  try {
    check = await checkStatus(client, publishId, {
      wait,
      intervalMs: Number(runtime.env.AGORAS_POLL_INTERVAL_MS ?? 2000),
      timeoutMs: limitS * 1000,
      signal: io.signal,
      onChange: (s) => wait && io.reporter.info(`Status: ${s.status}`),
    });
  } catch (error) {
    const seen = runtime.sandbox ? await sandboxRecord(runtime, publishId, error) : undefined;
    if (seen) return reportRecorded(seen, args, io);
    throw notReadable(error, publishId, username, owner, Boolean(runtime.sandbox));
  }
  const { status, timedOut } = check;
  const records = recordsFor(runtime, username);
  // What TikTok says is what this machine now knows: a final status closes the record (history
  // then says Published, and no later run takes it for an unfinished upload).
  if (FINAL_STATUSES.includes(status.status)) await closeRecord(records, publishId, status);
  else await records.update(publishId, (r) => ({ ...r, status: statusEntry(status) })).catch(() => {});
  const postIds = status.publicaly_available_post_id ?? [];
  // The post's address needs the creator's username: one more call, only when there is a post to link.
  const creator = postIds.length ? await client.creatorInfo().catch(() => undefined) : undefined;
  const report = {
    publishId,
    account: username,
    status: status.status,
    final: FINAL_STATUSES.includes(status.status),
    description: statusWords(status),
    ...(status.fail_reason
      ? {
          failReason: status.fail_reason,
          failReasonText: FAIL_REASONS[status.fail_reason] ?? status.fail_reason,
        }
      : {}),
    postIds,
    postUrls: postIds.map((id) => postUrl(creator?.creator_username, id)),
    ...(status.uploaded_bytes !== undefined ? { uploadedBytes: status.uploaded_bytes } : {}),
    ...(status.downloaded_bytes !== undefined ? { downloadedBytes: status.downloaded_bytes } : {}),
    ...(wait ? { timedOut } : {}),
  };
  if (args.values.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout.write(formatStatus(report, status, timedOut ? limitS : undefined));
  return exitCode(status, timedOut);
}

/**
 * A post made in an earlier run's sandbox: that sandbox is gone (it lives as long as the agoras that
 * started it), so the answer is what this machine recorded of it, said to be so.
 */
async function sandboxRecord(runtime: Runtime, publishId: string, error: unknown) {
  if (!(error instanceof RefusedError) || error.code !== 'invalid_publish_id') return undefined;
  return runtime.store.findPostRecord(publishId).catch(() => undefined);
}

const clock = (ms: number) => {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
};

function reportRecorded(record: PostRecord, args: ParsedArgs, io: CommandIO): number {
  const last = record.status;
  const status: StatusData = last
    ? {
        status: last.status as StatusData['status'],
        ...(last.failReason ? { fail_reason: last.failReason } : {}),
      }
    : { status: 'PROCESSING_UPLOAD' };
  const description = last ? statusWords(status) : 'The run that made it stopped before TikTok finished';
  const note = `The sandbox that took this post ended with the run that made it; this is what that run saw${last ? ` at ${clock(last.at)}` : ''}.`;
  if (args.values.json) {
    const report = {
      publishId: record.publishId,
      account: record.username,
      status: last?.status ?? null,
      final: last ? FINAL_STATUSES.includes(last.status) : false,
      description,
      recorded: true,
      postIds: last?.postIds ?? [],
    };
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const lines = [`${record.publishId}: ${description}.`];
    if (last) lines.push(`  Sandbox status: ${last.status}${last.failReason ? ` (${last.failReason})` : ''}`);
    lines.push(`  Account: ${record.username}`, `  ${note}`);
    io.stdout.write(`${lines.join('\n')}\n`);
  }
  return last?.status === 'FAILED' ? ExitCode.refused : ExitCode.ok;
}

function withUser(args: ParsedArgs, username: string): ParsedArgs {
  return { ...args, values: { ...args.values, 'tiktok-username': username } };
}

function exitCode(status: StatusData, timedOut: boolean): number {
  if (status.status === 'FAILED') return ExitCode.refused;
  if (timedOut) return ExitCode.network;
  return ExitCode.ok;
}

/** The human view: the status in words, TikTok's own word for it, and where the post is. */
export function formatStatus(
  report: { publishId: string; account: string; description: string; postUrls: string[] },
  status: StatusData,
  gaveUpAfterS?: number,
): string {
  const lines = [`${report.publishId}: ${report.description}.`];
  lines.push(`  TikTok status: ${status.status}${status.fail_reason ? ` (${status.fail_reason})` : ''}`);
  for (const url of report.postUrls) lines.push(`  Post: ${url}`);
  lines.push(`  Account: ${report.account}`);
  if (gaveUpAfterS !== undefined)
    lines.push(
      `  Still processing after ${gaveUpAfterS} s; ask again later: agoras status ${report.publishId}`,
    );
  return `${lines.join('\n')}\n`;
}
