import { parseSandboxCommand, USAGE } from './command-options.js';
import { type SandboxOptions, startSandbox } from './index.js';

interface CommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Stops the sandbox like SIGINT (for in-process callers and tests). */
  signal?: AbortSignal;
  /** Where the AGORAS_SANDBOX_* switches are read; default process.env. */
  env?: NodeJS.ProcessEnv;
}

// parseArgs explains some mistakes over several lines; the contract is one line on stderr.
function oneLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, ' ');
}

/** The listening errors people meet, said with what to do; undefined for anything else. */
function listenProblem(err: unknown, options: SandboxOptions): string | undefined {
  const code = (err as { code?: string }).code;
  const where = `${options.host ?? '127.0.0.1'}:${options.port ?? 0}`;
  if (code === 'EADDRINUSE') return `${where} is already in use (EADDRINUSE): pick another --port.`;
  if (code === 'EADDRNOTAVAIL')
    return `${where} is not an address of this machine (EADDRNOTAVAIL): check --host.`;
  if (code === 'EACCES') return `${where} needs privileges to listen on (EACCES): use a port above 1023.`;
  return undefined;
}

/** `agoras sandbox`: start the emulator, print its URLs as one JSON line, serve until SIGINT/SIGTERM. */
export async function runSandboxCommand(argv: string[], io: CommandIo): Promise<number> {
  let command: Awaited<ReturnType<typeof parseSandboxCommand>>;
  try {
    command = await parseSandboxCommand(argv, io.env ?? process.env);
    if (command.help) {
      io.stdout.write(USAGE);
      return 0;
    }
  } catch (err) {
    io.stderr.write(`agoras sandbox: ${oneLine(err)}\n`);
    return 2;
  }
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  try {
    sandbox = await startSandbox(command.options);
  } catch (err) {
    // A bad --client, a port in use, an address this machine does not have: one line, exit 2.
    io.stderr.write(`agoras sandbox: ${listenProblem(err, command.options) ?? oneLine(err)}\n`);
    return 2;
  }
  if (command.faults) {
    try {
      sandbox.faults.apply(command.faults);
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
