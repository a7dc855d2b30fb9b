import { ensureSandboxAccount, type Runtime, SANDBOX_USERNAME } from '../core/runtime.js';
import type { Agoras, PublishOptions, PublishOutcome } from '../core/service-types.js';
import { AuthError } from '../shared/errors.js';
import { checkAccountName } from '../shared/names.js';
import type { PostJob } from '../shared/post-job.js';
import type { Reporter } from '../shared/reporter.js';
import type { ParsedArgs } from './flags.js';
import type { AskFn } from './job-from-flags.js';

/** What is decided once for a run, whichever front end it goes to. */
export interface Decided {
  interactive: boolean;
  sandbox: boolean;
  store: { url?: string | undefined; insecure?: boolean | undefined };
  openBrowser?: ((url: string) => Promise<void>) | undefined;
}

export interface CommandIO {
  /** The one service, built once for the run: every command reaches TikTok and the store through it. */
  agoras: Agoras;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Where core's steps go; `finish` ends a spinner's line before a question is asked. */
  reporter: Reporter & { finish?(): void };
  /** Prompts in a terminal; in headless it throws the missing-flag error. */
  ask: AskFn;
  signal: AbortSignal;
  /** A person at a terminal (prompts allowed), as decided once in run-command. */
  interactive: boolean;
  openBrowser?(url: string): Promise<void>;
  /** The post under way, for the line a cancelled run ends with. */
  underway?: { publishId: string; waiting: boolean };
}

/** The account to post with: the flag, else the saved default; in the sandbox, authorized on the fly. */
export async function accountName(args: ParsedArgs, runtime: Runtime, io: CommandIO): Promise<string> {
  const given = args.values['tiktok-username'];
  let username = typeof given === 'string' && given ? given : await runtime.store.defaultAccount();
  if (runtime.sandbox) {
    username ??= SANDBOX_USERNAME;
    await ensureSandboxAccount(runtime, username, io.reporter);
    return username;
  }
  if (!username) {
    const names = Object.keys(await runtime.store.accounts());
    if (names.length === 0) {
      throw new AuthError('No TikTok account is authorized yet.', {
        fix: { kind: 'authorize' },
      });
    }
    username = await io.ask('tiktok-username', 'text');
  }
  // At the door: the name becomes a directory, a Redis key and a word in suggested commands.
  checkAccountName(username);
  const key = args.values['tiktok-client-key'];
  const secret = args.values['tiktok-client-secret'];
  // The seed passes the app's key and secret every time: use them for this run's refreshes (a
  // rotated secret), but save them only once TikTok has accepted them, never on trust.
  if (typeof key === 'string' && typeof secret === 'string')
    runtime.given = { clientKey: key, clientSecret: secret };
  return username;
}

/** Posts one job with the account's session; prints the seed's `{"id":…}` line the moment TikTok accepts. */
export async function postOne(
  job: PostJob,
  username: string,
  io: CommandIO,
  options: Omit<PublishOptions, 'onWaiting' | 'dryRun'> = {},
): Promise<PublishOutcome> {
  const { onPublishId, ...rest } = options;
  return io.agoras.publish(username, job, io.reporter, io.signal, {
    ...rest,
    onPublishId: async (id, details) => {
      io.underway = { publishId: id, waiting: false };
      await onPublishId?.(id, details);
      io.stdout.write(`${JSON.stringify({ id })}\n`);
    },
    onWaiting: (id) => {
      io.underway = { publishId: id, waiting: true };
    },
  });
}
