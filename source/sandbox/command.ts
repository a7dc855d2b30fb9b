import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseDuration } from './durations.js';
import { MAX_MODERATION_MS, sandboxOptionsFromEnv } from './env.js';
import type { FaultsDocument } from './faults.js';
import { type SandboxOptions, startSandbox } from './index.js';

const USAGE = `Usage: agoras sandbox [--port N] [--auto-consent] [--status-delay MS] [--moderation-delay D]
                      [--faults FILE]
                      [--unaudited] [--private-account] [--sparse] [--retry-after]

Runs a local TikTok emulator (OAuth + Content Posting API) on 127.0.0.1 until Ctrl+C.
Prints one JSON line with its URLs and client credentials first.

  --port N           port to listen on (default: any free port)
  --auto-consent     the authorize page approves at once instead of showing Approve/Deny
  --status-delay MS  how long a publish stays PROCESSING before its final state (default 1500)
  --moderation-delay D  how long a public post's id is withheld after PUBLISH_COMPLETE
                     (publicaly_available_post_id: []); 1500, 30s, 2h; default 10s, 0 = at once
  --faults FILE      JSON faults to arm at start (same body as POST <adminUrl>/faults)
  --unaudited        act as an app TikTok has not audited: SELF_ONLY only, posts to a public account
                     refused, daily caps (15 posts, 5 pending inbox shares)
  --private-account  the sandbox account is private (what an unaudited app can post to)
  --sparse           status replies leave out byte counts and post ids, as TikTok's often do
  --retry-after      rate-limited replies (429) carry Retry-After (TikTok's do not)
  --help             show this help

Environment: AGORAS_SANDBOX_UNAUDITED=1, AGORAS_SANDBOX_PRIVATE_ACCOUNT=1, AGORAS_SANDBOX_SPARSE=1,
AGORAS_SANDBOX_RETRY_AFTER=1, AGORAS_SANDBOX_STATUS_DELAY_MS=N and AGORAS_SANDBOX_MODERATION_DELAY=D
do the same; flags win.
`;

interface CommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Stops the sandbox like SIGINT (for in-process callers and tests). */
  signal?: AbortSignal;
  /** Where the AGORAS_SANDBOX_* switches are read; default process.env. */
  env?: NodeJS.ProcessEnv;
}

function parseIntFlag(value: string | undefined, name: string, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > max)
    throw new Error(`${name} must be a whole number up to ${max}.`);
  return Number(value);
}

// parseArgs explains some mistakes over several lines; the contract is one line on stderr.
function oneLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, ' ');
}

/** `agoras sandbox`: start the emulator, print its URLs as one JSON line, serve until SIGINT/SIGTERM. */
export async function runSandboxCommand(argv: string[], io: CommandIo): Promise<number> {
  let options: SandboxOptions & { faults?: FaultsDocument };
  try {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        'auto-consent': { type: 'boolean' },
        faults: { type: 'string' },
        'status-delay': { type: 'string' },
        'moderation-delay': { type: 'string' },
        unaudited: { type: 'boolean' },
        'private-account': { type: 'boolean' },
        sparse: { type: 'boolean' },
        'retry-after': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.stdout.write(USAGE);
      return 0;
    }
    options = {
      ...sandboxOptionsFromEnv(io.env ?? process.env),
      autoConsent: values['auto-consent'] ?? false,
    };
    if (values.unaudited) options.unaudited = true;
    if (values['private-account']) options.privateAccount = true;
    if (values.sparse) options.sparse = true;
    if (values['retry-after']) options.retryAfter = true;
    const port = parseIntFlag(values.port, '--port', 65_535);
    if (port !== undefined) options.port = port;
    const delay = parseIntFlag(values['status-delay'], '--status-delay', 3_600_000);
    if (delay !== undefined) options.statusDelayMs = delay;
    if (values['moderation-delay'] !== undefined) {
      options.moderationDelayMs = parseDuration(
        values['moderation-delay'],
        '--moderation-delay',
        'ms',
        MAX_MODERATION_MS,
      );
    }
    if (values.faults !== undefined) {
      options.faults = JSON.parse(await readFile(values.faults, 'utf8')) as FaultsDocument;
    }
  } catch (err) {
    io.stderr.write(`agoras sandbox: ${oneLine(err)}\n`);
    return 2;
  }
  const { faults, ...sandboxOptions } = options;
  const sandbox = await startSandbox(sandboxOptions);
  if (faults) {
    try {
      sandbox.faults.apply(faults);
    } catch (err) {
      await sandbox.close();
      io.stderr.write(`agoras sandbox: --faults: ${oneLine(err)}\n`);
      return 2;
    }
  }
  const { tiktokApiBaseUrl, tiktokAuthUrl, adminUrl, googleSheetsRootUrl, googleOAuthTokenUrl } =
    sandbox.urls;
  const { clientKey, clientSecret } = sandbox;
  const { clientEmail, privateKey } = sandbox.sheets.serviceAccount;
  io.stdout.write(
    `${JSON.stringify({
      tiktokApiBaseUrl,
      tiktokAuthUrl,
      clientKey,
      clientSecret,
      adminUrl,
      googleSheetsRootUrl,
      googleOAuthTokenUrl,
      googleSheetsClientEmail: clientEmail,
      googleSheetsPrivateKey: privateKey,
      googleSheetsDemo: { id: 'sandbox-demo', name: 'Schedule' },
    })}\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      io.signal?.removeEventListener('abort', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (io.signal?.aborted) stop();
    io.signal?.addEventListener('abort', stop);
  });
  await sandbox.close();
  return 0;
}
