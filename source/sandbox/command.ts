import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { FaultsDocument } from './faults.js';
import { startSandbox } from './index.js';

const USAGE = `Usage: agoras sandbox [--port N] [--auto-consent] [--status-delay MS] [--faults FILE]

Runs a local TikTok emulator (OAuth + Content Posting API) on 127.0.0.1 until Ctrl+C.
Prints one JSON line with its URLs and client credentials first.

  --port N           port to listen on (default: any free port)
  --auto-consent     the authorize page approves at once instead of showing Approve/Deny
  --status-delay MS  how long a publish stays PROCESSING before its final state (default 1500)
  --faults FILE      JSON faults to arm at start (same body as POST <adminUrl>/faults)
  --help             show this help
`;

interface CommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Stops the sandbox like SIGINT (for in-process callers and tests). */
  signal?: AbortSignal;
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
  let options: { port?: number; autoConsent: boolean; statusDelayMs?: number; faults?: FaultsDocument };
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
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.stdout.write(USAGE);
      return 0;
    }
    options = { autoConsent: values['auto-consent'] ?? false };
    const port = parseIntFlag(values.port, '--port', 65_535);
    if (port !== undefined) options.port = port;
    const delay = parseIntFlag(values['status-delay'], '--status-delay', 3_600_000);
    if (delay !== undefined) options.statusDelayMs = delay;
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
