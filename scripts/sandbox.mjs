// `npm run sandbox`: in a terminal, the wizard against the built-in sandbox; otherwise (CI, a pipe)
// the seed's video command posting the bundled sample video to the sandbox, end to end.
import { spawnSync } from 'node:child_process';

const interactive = process.stdin.isTTY && process.stdout.isTTY;
const args = interactive
  ? ['dist/cli.js', '--sandbox']
  : [
      'dist/cli.js',
      'publish',
      '--sandbox',
      '--network',
      'tiktok',
      '--action',
      'video',
      '--tiktok-video-url',
      'test/fixtures/sample.mp4',
      '--tiktok-title',
      'Hello from the agoras sandbox #agoras',
      '--tiktok-privacy-status',
      'SELF_ONLY',
    ];
const { status } = spawnSync(process.execPath, [...args, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(status ?? 1);
