import { postLinkWords } from '../core/post-link.js';
import type { Runtime } from '../core/runtime.js';
import type { StatusReport } from '../core/service-types.js';
import { statsWords } from '../core/stats.js';
import { statusCommand } from '../shared/commands.js';
import { ExitCode, UsageError } from '../shared/errors.js';
import { terminalSafe } from '../shared/sanitize.js';
import { accountName, type CommandIO } from './command-io.js';
import { statsScopeLine } from './fixes.js';
import type { ParsedArgs } from './flags.js';

const DEFAULT_WAIT_S = 600;

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
  const owner = await io.agoras.ownerOf(publishId);
  const named = typeof args.values['tiktok-username'] === 'string' && args.values['tiktok-username'] !== '';
  const username = await accountName(named || !owner ? args : withUser(args, owner), runtime, io);
  const wait = args.values.wait === true;
  const limitS =
    typeof args.values['wait-timeout'] === 'number' ? args.values['wait-timeout'] : DEFAULT_WAIT_S;
  const report = await io.agoras.postStatus({
    publishId,
    username,
    ...(owner ? { owner } : {}),
    wait,
    timeoutMs: limitS * 1000,
    signal: io.signal,
    onChange: (s) => wait && io.reporter.info(`Status: ${s.status}`),
    onWait: (message) => io.reporter.info(message),
    onProblem: (message) => io.reporter.warn(message),
  });
  if (report.statsWithoutScope) io.reporter.info(statsScopeLine(username));
  const { raw, statsWithoutScope, ...shown } = report;
  if (args.values.json) io.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
  else io.stdout.write(formatStatus(report, report.timedOut ? limitS : undefined));
  return exitCode(report);
}

const clock = (ms: number) => {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
};

function withUser(args: ParsedArgs, username: string): ParsedArgs {
  return { ...args, values: { ...args.values, 'tiktok-username': username } };
}

function exitCode(report: StatusReport): number {
  if (report.status === 'FAILED') return ExitCode.refused;
  if (report.timedOut) return ExitCode.network;
  return ExitCode.ok;
}

/** The human view: the status in words, TikTok's own word for it, and where the post is. */
export function formatStatus(report: StatusReport, gaveUpAfterS?: number): string {
  // TikTok's words and ids are outside text: one sanitiser before the terminal.
  const safe = (text: string) => terminalSafe(text);
  const lines = [`${safe(report.publishId)}: ${safe(report.description)}.`];
  lines.push(
    `  ${report.recordedAt === undefined ? 'TikTok' : 'Sandbox'} status: ${safe(report.status)}${report.failReason ? ` (${safe(report.failReason)})` : ''}`,
  );
  for (const url of report.postUrls) lines.push(`  Post: ${safe(url)}`);
  if (report.link === 'moderation' || report.link === 'private')
    lines.push(`  Link: ${postLinkWords({ kind: report.link })}`);
  for (const numbers of report.stats ?? []) lines.push(`  Numbers: ${statsWords(numbers)}`);
  lines.push(`  Account: ${safe(report.account)}`);
  if (report.recordedAt !== undefined)
    lines.push(
      `  The sandbox that took this post ended with the run that made it; this is what that run saw at ${clock(report.recordedAt)}.`,
    );
  if (gaveUpAfterS !== undefined)
    lines.push(
      `  Still processing after ${gaveUpAfterS} s; ask again later: ${safe(statusCommand(report.publishId))}`,
    );
  return `${lines.join('\n')}\n`;
}
