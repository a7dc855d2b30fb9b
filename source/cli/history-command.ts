import { postLinkWords } from '../core/post-link.js';
import { statusWords } from '../core/post-status.js';
import type { Runtime } from '../core/runtime.js';
import type { HistoryEntry } from '../core/service-types.js';
import { statsWords, type VideoStats } from '../core/stats.js';
import { UsageError } from '../shared/errors.js';
import type { StatusData } from '../tiktok/types.js';
import type { CommandIO } from './command-io.js';
import { statsScopeLine } from './fixes.js';
import type { ParsedArgs } from './flags.js';

/** `agoras history [--tiktok-username NAME] [--json]`: what this machine posted, newest first. */
export async function runHistory(
  rest: string[],
  args: ParsedArgs,
  _runtime: Runtime,
  io: CommandIO,
): Promise<number> {
  if (rest.length)
    throw new UsageError(`Unexpected '${rest[0]}'.`, {
      hint: 'agoras history [--tiktok-username NAME] [--stats] [--json]',
    });
  const given = args.values['tiktok-username'];
  const { entries, location, withoutScope } = await io.agoras.history(
    typeof given === 'string' && given ? given : undefined,
    { stats: args.values.stats === true, onProblem: (message) => io.reporter.warn(message) },
  );
  if (args.values.json) io.stdout.write(`${JSON.stringify({ posts: entries }, null, 2)}\n`);
  else io.stdout.write(formatHistory(entries, location));
  for (const account of withoutScope) io.reporter.info(statsScopeLine(account));
  return 0;
}

function when(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** What became of a post, in words. */
function outcome(e: HistoryEntry): string {
  if (e.state === 'uploading')
    return `upload unfinished: run the same command again before ${when(e.resumableUntil!).slice(11)} to continue it`;
  if (e.status) return statusWords({ status: e.status as StatusData['status'], fail_reason: e.failReason });
  if (e.state === 'accepted')
    return 'accepted by TikTok; the run stopped before the end (agoras status tells)';
  return 'posted; final status not asked (agoras status tells)';
}

/** The post's link, or why there is none yet (inbox drafts and unfinished posts say nothing). */
function linkLine(e: HistoryEntry): string | undefined {
  if (e.postUrls?.length) return e.postUrls.join(' ');
  if (e.link !== 'moderation' && e.link !== 'private') return undefined;
  return `Link: ${postLinkWords({ kind: e.link })}`;
}

/** Two or three lines a post: when, who and what became of it; what and where from; the publish ID. */
export function formatHistory(
  entries: (HistoryEntry & { stats?: VideoStats[] })[],
  configPath: string,
): string {
  if (entries.length === 0) return `Nothing posted from this machine yet (${configPath}).\n`;
  const lines: string[] = [];
  for (const e of entries) {
    lines.push(`${when(e.at)}  ${e.account}  ${outcome(e)}`);
    const what = e.title !== undefined ? `${e.kind ?? 'post'} “${e.title}”` : 'a post';
    lines.push(`  ${what} from ${e.from.where}`);
    if (e.publishId) lines.push(`  ${e.publishId}`);
    const link = e.publishId && linkLine(e);
    if (link) lines.push(`  ${link}`);
    for (const stats of e.stats ?? []) lines.push(`  ${statsWords(stats)}`);
  }
  return `${lines.join('\n')}\n`;
}
