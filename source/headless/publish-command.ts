import { authorize, DEFAULT_REDIRECT_URI } from '../auth/authorize.js';
import { Session } from '../auth/session.js';
import { AuthError } from '../core/errors.js';
import type { PostJob } from '../core/post-job.js';
import { type PublishDetails, type PublishResult, publishJob } from '../core/publish.js';
import type { Reporter } from '../core/reporter.js';
import { registerSecret } from '../core/secrets.js';
import { TikTokClient } from '../tiktok/client.js';
import { checkPublishTarget } from './actions.js';
import type { ParsedArgs } from './flags.js';
import { type AskFn, photoJobFromFlags, required, videoJobFromFlags } from './job-from-flags.js';
import { ensureSandboxAccount, type Runtime, SANDBOX_USERNAME } from './runtime.js';

export interface CommandIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  reporter: Reporter;
  /** Prompts in a terminal; in headless it throws the missing-flag error. */
  ask: AskFn;
  signal: AbortSignal;
  /** A person at a terminal (prompts allowed), as decided once in run-command. */
  interactive: boolean;
  openBrowser?(url: string): Promise<void>;
}

/** `agoras publish --network tiktok --action …`: the seed's command line. Returns the exit code. */
export async function runPublish(args: ParsedArgs, runtime: Runtime, io: CommandIO): Promise<number> {
  const { values } = args;
  const action = checkPublishTarget(values);
  for (const flag of ['tiktok-client-secret', 'google-sheets-private-key'])
    registerSecret(values[flag] as string);
  if (action === 'authorize') return runAuthorize(args, runtime, io);
  if (action === 'video' || action === 'post') {
    // Headless: flags first, so a missing or bad flag is reported before any account or network
    // work. In a terminal the account comes first, so the privacy question offers its options.
    const early = io.interactive ? await accountName(args, runtime, io) : undefined;
    const job =
      action === 'video'
        ? await videoJobFromFlags(values, args.explicit, io.ask)
        : await photoJobFromFlags(values, args.explicit, io.ask, args.onCommandLine);
    const username = early ?? (await accountName(args, runtime, io));
    const result = await postOne(job, username, runtime, io, values.wait !== false);
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
  if (runtime.sandbox) {
    await ensureSandboxAccount(runtime, username, io.reporter);
    io.reporter.info(`Authorized sandbox account '${username}'.`);
    return 0;
  }
  const saved = runtime.store.account(username);
  const clientKey =
    (values['tiktok-client-key'] as string | undefined) ??
    saved?.clientKey ??
    (await io.ask('tiktok-client-key', 'text'));
  const clientSecret =
    (values['tiktok-client-secret'] as string | undefined) ??
    saved?.clientSecret ??
    (await io.ask('tiktok-client-secret', 'secret'));
  registerSecret(clientSecret);
  const result = await authorize({
    username,
    clientKey,
    clientSecret,
    redirectUri: (values['tiktok-redirect-uri'] as string | undefined) ?? DEFAULT_REDIRECT_URI,
    authUrl: runtime.authUrl,
    apiBaseUrl: runtime.apiBaseUrl,
    http: runtime.http,
    store: runtime.store,
    reporter: io.reporter,
    signal: io.signal,
    onUrl: (url) => io.stderr.write(`Open this URL in a browser to authorize agoras:\n${url}\n`),
    openBrowser: io.openBrowser,
  });
  io.reporter.info(
    `Authorized '${result.username}'${result.nickname ? ` (${result.nickname})` : ''}; saved in ${runtime.store.path}.`,
  );
  return 0;
}

/** The account to post with: the flag, else the saved default; in the sandbox, authorized on the fly. */
export async function accountName(args: ParsedArgs, runtime: Runtime, io: CommandIO): Promise<string> {
  const given = args.values['tiktok-username'];
  let username = typeof given === 'string' && given ? given : runtime.store.defaultAccount();
  if (runtime.sandbox) {
    username ??= SANDBOX_USERNAME;
    await ensureSandboxAccount(runtime, username, io.reporter);
    return username;
  }
  if (!username) {
    const names = Object.keys(runtime.store.accounts());
    if (names.length === 0) {
      throw new AuthError('No TikTok account is authorized yet.', {
        hint: 'run: agoras publish --network tiktok --action authorize --tiktok-username <name>',
      });
    }
    username = await io.ask('tiktok-username', 'text');
  }
  const key = args.values['tiktok-client-key'];
  const secret = args.values['tiktok-client-secret'];
  // The seed passes the app's key and secret every time: use them for this run's refreshes (a
  // rotated secret), but save them only once TikTok has accepted them, never on trust.
  if (typeof key === 'string' && typeof secret === 'string')
    runtime.given = { clientKey: key, clientSecret: secret };
  return username;
}

/** The TikTok client for a saved account (an AuthError naming the fix when it is not saved). */
export function clientFor(username: string, runtime: Runtime): TikTokClient {
  const session = new Session(
    runtime.store,
    username,
    runtime.apiBaseUrl,
    runtime.http,
    Date.now,
    runtime.given,
  );
  session.account();
  return new TikTokClient(session, runtime.apiBaseUrl, runtime.http);
}

/** What publishJob needs for one account: its client, the HTTP stack, and the poll interval. */
export function publishDepsFor(runtime: Runtime, username: string, reporter: Reporter, signal?: AbortSignal) {
  return {
    client: clientFor(username, runtime),
    http: runtime.http,
    reporter,
    signal,
    pollIntervalMs: Number(runtime.env.AGORAS_POLL_INTERVAL_MS ?? 2000),
  };
}

/** Posts one job with the account's session; prints the seed's `{"id":…}` line the moment TikTok accepts. */
export async function postOne(
  job: PostJob,
  username: string,
  runtime: Runtime,
  io: CommandIO,
  wait: boolean,
  onPublishId?: (id: string, details: PublishDetails) => void,
): Promise<PublishResult> {
  return publishJob(job, {
    ...publishDepsFor(runtime, username, io.reporter, io.signal),
    noWait: !wait,
    onPublishId: (id, details) => {
      onPublishId?.(id, details);
      io.stdout.write(`${JSON.stringify({ id })}\n`);
    },
  });
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
  }
}
