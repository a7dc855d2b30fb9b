import type { PostFn } from '../core/ledger.js';
import { photoInit, videoPostInfo } from '../core/preview.js';
import type { Runtime } from '../core/runtime.js';
import type { JobTemplate } from '../core/service-types.js';
import { AgorasError, ExitCode, UsageError } from '../shared/errors.js';
import { plural } from '../shared/format.js';
import type { PostJob } from '../shared/post-job.js';
import { accountName, type CommandIO, postOne } from './command-io.js';
import type { NumberFlag, ParsedArgs, StringFlag } from './flags.js';
import {
  bool,
  countFlag,
  interactionsFromDefaults,
  missing,
  parseDelivery,
  parsePrivacy,
} from './job-from-flags.js';
import { dailyPostCap, postLimits } from './limits-flags.js';

function str(args: ParsedArgs, flag: StringFlag): string {
  const value = args.values[flag];
  if (typeof value !== 'string' || value.trim() === '') throw missing(flag);
  return value;
}

function num(args: ParsedArgs, flag: NumberFlag, fallback: number): number {
  return args.values[flag] ?? fallback;
}

/** The privacy/interaction/brand flags that apply to every post from a feed. */
function template(args: ParsedArgs): JobTemplate {
  return {
    privacy: parsePrivacy(str(args, 'tiktok-privacy-status')),
    allowComments: bool(args.values, 'tiktok-allow-comments', true),
    allowDuet: bool(args.values, 'tiktok-allow-duet', true),
    allowStitch: bool(args.values, 'tiktok-allow-stitch', true),
    autoAddMusic: bool(args.values, 'tiktok-auto-add-music', false),
    brand: {
      organic: bool(args.values, 'brand-organic', false),
      content: bool(args.values, 'brand-content', false),
    },
    ...parseDelivery(args.values),
  };
}

/** A dry run's line: the item, and the post_info its init would send. */
function describeJob(job: PostJob): Record<string, unknown> {
  return job.kind === 'video'
    ? {
        kind: 'video',
        media: job.media,
        title: job.title,
        privacy: job.privacy,
        post_info: videoPostInfo(job),
      }
    : {
        kind: 'photo',
        images: job.images,
        title: job.title,
        privacy: job.privacy,
        post_info: photoInit(job).post_info,
      };
}

/** What every feed or schedule run of the command line brings: its reporter, the seed's id line, the flags. */
function hooks(args: ParsedArgs, io: CommandIO, username: string) {
  const limits = postLimits(args, io);
  return {
    reporter: io.reporter,
    signal: io.signal,
    retryUncertain: args.values['retry-uncertain'] === true,
    uncertainHint: 'pass --retry-uncertain to post it anyway',
    // The seed's allow-* defaults (on) give way, with a warning, to what the creator disabled;
    // an interaction the user asked for explicitly is refused instead.
    post: (job: PostJob, onId: Parameters<PostFn>[1], beforeSend?: Parameters<PostFn>[2]) =>
      postOne({ ...job, interactionsFromDefaults: interactionsFromDefaults(args.explicit) }, username, io, {
        ...limits,
        noWait: args.values.wait === false,
        onPublishId: onId,
        ...(beforeSend ? { beforeInit: beforeSend } : {}),
      }),
  };
}

/** `--action last-from-feed | random-from-feed`. */
export async function runFeedAction(
  mode: 'last' | 'random',
  args: ParsedArgs,
  runtime: Runtime,
  io: CommandIO,
) {
  const feedUrl = str(args, 'feed-url');
  const tmpl = template(args);
  // 0 would silently post nothing, or one.
  const count = countFlag(args.values, 'max-count', 1);
  const dryRun = Boolean(args.values['dry-run']);
  const username = await accountName(args, runtime, io);
  const result = await io.agoras.feedRun(
    {
      mode,
      feedUrl,
      maxCount: count,
      lookbackSec: num(args, 'post-lookback', 3600),
      maxAgeDays: num(args, 'max-post-age', 365),
      template: tmpl,
      username,
      dryRun,
      now: new Date(),
      allowPrivateMedia: args.values['allow-private-media'] === true,
      dailyPostCap: dailyPostCap(args),
    },
    {
      ...hooks(args, io, username),
      preview: (job) => io.stdout.write(`${JSON.stringify({ dryRun: true, ...describeJob(job) })}\n`),
    },
  );
  if (result.errors.length) throw firstError(result.errors);
  return ExitCode.ok;
}

/** `--action schedule`. */
export async function runScheduleAction(args: ParsedArgs, runtime: Runtime, io: CommandIO) {
  // In the sandbox, its own demo sheet and service account stand in for what is not given.
  const demo = runtime.sandbox?.sheets;
  const pick = (flag: StringFlag, fallback: string | undefined) =>
    typeof args.values[flag] === 'string' && args.values[flag] !== ''
      ? str(args, flag)
      : (fallback ?? str(args, flag));
  const sheet = {
    spreadsheetId: pick('google-sheets-id', demo?.id),
    sheetName: pick('google-sheets-name', demo?.name),
    clientEmail: pick('google-sheets-client-email', demo?.clientEmail),
    // The key itself, or the path of the service account's JSON key file, as in the wizard.
    privateKey: pick('google-sheets-private-key', demo?.privateKey),
  };
  const { source, mode } = parseDelivery(args.values);
  const username = await accountName(args, runtime, io);
  const result = await io.agoras.scheduleRun(
    {
      sheet,
      username,
      ...(typeof args.values['schedule-grace'] === 'number'
        ? { graceMs: args.values['schedule-grace'] * 1000 }
        : {}),
      dryRun: Boolean(args.values['dry-run']),
      now: new Date(),
      source,
      mode,
      allowPrivateMedia: args.values['allow-private-media'] === true,
      dailyPostCap: dailyPostCap(args),
    },
    {
      ...hooks(args, io, username),
      preview: (job, row) =>
        io.stdout.write(`${JSON.stringify({ dryRun: true, row: row.rowNumber, ...describeJob(job) })}\n`),
    },
  );
  const errors = [...result.failed.map((f) => f.error), ...(result.writeError ? [result.writeError] : [])];
  if (errors.length) throw firstError(errors);
  if (result.problems.length) {
    throw new UsageError(
      `${plural(result.problems.length, 'schedule row')} ${result.problems.length === 1 ? 'is' : 'are'} malformed and skipped: row ${result.problems.map((p) => p.rowNumber).join(', ')}.`,
      { hint: 'fix them in the sheet; the warnings above say what is wrong' },
    );
  }
  return ExitCode.ok;
}

/** The first failure, raised so that it ends the run with its one line and exit code. */
function firstError(errors: unknown[]): unknown {
  return errors.find((e) => e instanceof AgorasError) ?? errors[0];
}
