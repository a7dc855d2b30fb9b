import { noBrowserLines } from '../auth/login-help.js';
import { postLinkWords } from '../core/post-link.js';
import type { PublishResult } from '../core/publish.js';
import { ensureSandboxAccount, type Runtime } from '../core/runtime.js';
import { registerSecret } from '../shared/secrets.js';
import { checkPublishTarget } from './actions.js';
import { accountName, type CommandIO, postOne } from './command-io.js';
import { mediaFixPolicy } from './fix-media-consent.js';
import type { ParsedArgs } from './flags.js';
import { checkLocalVideo, photoJobFromFlags, required, videoJobFromFlags } from './job-from-flags.js';
import { postLimits } from './limits-flags.js';
import { mediaHostFrom } from './media-host-config.js';

/** `agoras publish --network tiktok --action …`: the seed's command line. Returns the exit code. */
export async function runPublish(args: ParsedArgs, runtime: Runtime, io: CommandIO): Promise<number> {
  const { values } = args;
  const action = checkPublishTarget(values);
  for (const flag of ['tiktok-client-secret', 'google-sheets-private-key'] as const)
    registerSecret(values[flag]);
  if (action === 'authorize') return runAuthorize(args, runtime, io);
  if (action === 'video' || action === 'post') {
    // Headless: flags first, so a missing or bad flag is reported before any account or network
    // work. In a terminal the account comes first, so the privacy question offers its options.
    const limits = postLimits(args, io); // a bad --if-unaudited is reported before anything else
    if (action === 'video') await checkLocalVideo(values);
    const early = io.interactive ? await accountName(args, runtime, io) : undefined;
    const built =
      action === 'video'
        ? await videoJobFromFlags(values, args.explicit, io.ask)
        : await photoJobFromFlags(values, args.explicit, io.ask);
    const username = early ?? (await accountName(args, runtime, io));
    const dryRun = values['dry-run'] === true;
    // What was asked ends with the interactions, the summary and "Post to TikTok?" (not for a dry run).
    const asked = dryRun ? { ...args, values: { ...values, yes: true } } : args;
    const job = io.interactive
      ? await (await import('./confirm-post.js')).finishInTerminal(built, username, runtime, asked, io)
      : built;
    const fixMedia = mediaFixPolicy(values, io);
    const mediaHost = action === 'post' ? await mediaHostFrom(values, runtime, io.reporter) : undefined;
    const media = { fixMedia, ...(mediaHost ? { mediaHost } : {}) };
    if (dryRun) {
      const { preview } = await io.agoras.publish(username, job, io.reporter, io.signal, {
        ...limits,
        dryRun: true,
        ...media,
      });
      io.stdout.write(`${JSON.stringify({ dryRun: true, action, account: username, ...preview })}\n`);
      io.reporter.info('Dry run: every check passed; nothing was sent to TikTok.');
      return 0;
    }
    const result = await postOne(job, username, io, {
      ...limits,
      ...media,
      noWait: values.wait === false,
    });
    reportResult(result, io);
    return 0;
  }
  const sources = await import('./sources-command.js');
  if (action === 'schedule') return sources.runScheduleAction(args, runtime, io);
  return sources.runFeedAction(action === 'last-from-feed' ? 'last' : 'random', args, runtime, io);
}

async function runAuthorize(args: ParsedArgs, runtime: Runtime, io: CommandIO): Promise<number> {
  const { values } = args;
  const username = await required(values, 'tiktok-username', io.ask);
  if (values['dry-run'] === true) {
    // Nothing to check without logging in: say what the login would be, and do nothing.
    const clientKey = values['tiktok-client-key'] ?? (await runtime.store.account(username))?.clientKey;
    io.stdout.write(
      `${JSON.stringify({ dryRun: true, action: 'authorize', account: username, clientKey: clientKey ?? null, redirectUri: values['tiktok-redirect-uri'] ?? null })}\n`,
    );
    return 0;
  }
  if (runtime.sandbox) {
    await ensureSandboxAccount(runtime, username, io.reporter, { withStats: values['with-stats'] === true });
    io.reporter.info(`Authorized sandbox account '${username}'.`);
    return 0;
  }
  const saved = await runtime.store.account(username);
  const clientKey =
    values['tiktok-client-key'] ?? saved?.clientKey ?? (await io.ask('tiktok-client-key', 'text'));
  const clientSecret =
    values['tiktok-client-secret'] ?? saved?.clientSecret ?? (await io.ask('tiktok-client-secret', 'secret'));
  const result = await io.agoras.authorize({
    username,
    clientKey,
    clientSecret,
    redirectUri: values['tiktok-redirect-uri'],
    withStats: values['with-stats'] === true,
    reporter: io.reporter,
    signal: io.signal,
    onUrl: (url, info) => {
      io.stderr.write(`Open this URL in a browser to authorize agoras:\n${url}\n`);
      if (info.browser !== 'opened') io.stderr.write(`${noBrowserLines(info).join('\n')}\n`);
    },
  });
  io.reporter.info(
    `Authorized '${result.username}'${result.nickname ? ` (${result.nickname})` : ''}; saved in ${runtime.store.location}.`,
  );
  return 0;
}

function reportResult(result: PublishResult, io: CommandIO): void {
  const status = result.status;
  if (!status) {
    io.reporter.info(`Accepted by TikTok as ${result.publishId}; not waiting for processing (--no-wait).`);
  } else if (status.status === 'SEND_TO_USER_INBOX') {
    io.reporter.info('Sent to your TikTok inbox: open the TikTok app to finish the post.');
  } else {
    const postId = status.publicaly_available_post_id?.[0];
    io.reporter.info(`Published${postId ? ` (post ${postId})` : ''}.`);
    const words = result.link && postLinkWords(result.link);
    if (words) io.reporter.info(`${result.link?.kind === 'link' ? 'Post' : 'Link'}: ${words}`);
  }
}
