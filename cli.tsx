// agoras: the door. --version answers before anything loads; everything else goes to cli/main.ts with
// the wizard handed over (cli/ and ui/ are peers). Heavy modules (undici, Ink, the sandbox) load only
// on the paths that need them.
declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

// `agoras accounts | head -1`: a reader that goes away is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const argv = process.argv.slice(2);
/** Mirrors cli/help-door.ts's asksHelp: decided here so that nothing else loads for help. */
const asksHelp = (words: string[]) => words[0] === 'help' || words.includes('--help') || words.includes('-h');
// --version answers whatever else is on the line or in the environment (but for the sandbox's own flags).
if (argv[0] !== 'sandbox' && (argv.includes('--version') || argv.includes('-v') || argv.includes('-V'))) {
  process.stdout.write(`${VERSION}\n`);
} else if (asksHelp(argv)) {
  // Help is per command, like gh (agoras help publish, publish --action video --help): one file.
  const { helpMain } = await import('./source/cli/help-door.js');
  process.exitCode = helpMain(argv, VERSION, process.stdout);
} else if (argv[0] === 'sandbox') {
  const { runSandboxCommand } = await import('./source/sandbox/command.js');
  process.exitCode = await runSandboxCommand(argv.slice(1), {
    stdout: process.stdout,
    stderr: process.stderr,
  });
} else {
  // undici parses HTTP with a WebAssembly module; optimising it with TurboFan costs ~35 MB of peak
  // memory for no measurable gain on our few, small responses. The baseline compiler is enough.
  (await import('node:v8')).setFlagsFromString('--liftoff-only');
  const { main } = await import('./source/cli/main.js');
  process.exitCode = await main(argv, process.env, {
    launchWizard: async (...args) => (await import('./source/ui/launch.js')).runWizardCommand(...args),
  });
  (await import('./source/app/signals.js')).exitIfSignalled();
}
