import { spawn } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from './cli.js';

// Root reads any file whatever its mode, so as root the CLI runs as `nobody` for this case.
const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

describe('a video file without read permission', () => {
  it('is refused with one line and exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agoras-perm-'));
    chmodSync(dir, 0o755);
    const video = join(dir, 'unreadable.mp4');
    copyFileSync('test/fixtures/sample.mp4', video);
    chmodSync(video, 0o000);
    const config = join(dir, 'config');
    // The checkout may sit where `nobody` cannot read (CI clones anywhere): run a copy of the
    // self-contained bundle from this world-readable directory instead.
    const cli = join(dir, 'dist', 'cli.js');
    cpSync(dirname(CLI), join(dir, 'dist'), { recursive: true });
    mkdirSync(config, { mode: 0o700 });
    // the config dir must belong to the user the CLI runs as
    if (asRoot) chownSync(config, NOBODY, NOBODY);
    const child = spawn(
      process.execPath,
      [
        cli,
        'publish',
        '--sandbox',
        '--network',
        'tiktok',
        '--action',
        'video',
        '--tiktok-video-url',
        video,
        '--tiktok-title',
        'x',
        '--tiktok-privacy-status',
        'SELF_ONLY',
        '--headless',
      ],
      {
        env: { PATH: process.env.PATH, HOME: dir, AGORAS_CONFIG_DIR: config },
        ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject); // e.g. this node binary is not reachable for `nobody`
      child.on('close', resolve);
    });
    expect(stderr).toMatch(/agoras: .*unreadable\.mp4: permission denied/);
    expect(stderr.split('\n').filter((l) => l.startsWith('agoras:'))).toHaveLength(1);
    expect(code).toBe(2);
  });
});
