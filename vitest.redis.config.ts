import { defineConfig } from 'vitest/config';

/**
 * The Redis pass: the headless end-to-end tests (and the wizard's sandbox flows) again, every CLI they start on a real redis-server
 * (AGORAS_STORE=redis://127.0.0.1:<port>/<a database per config dir>) instead of the config file.
 * Left out, because they test the config file itself rather than what is stored in it:
 * - bad-disk: a full or read-only config file system, the rescue file beside the config;
 * - bad-input: config.json as a symbolic link, corrupt, 0644, copied between dirs;
 * - accounts and secrets: they edit config.json by hand and check its modes and tightening;
 * - the tmux tests: a terminal, which the store does not change;
 * - packed-install: the published package's shape, which the store does not change;
 * - media-host: the media host is saved beside the file store's config (media-host.json); a Redis
 *   store keeps no such setting yet, so there the flags (or their env twins) are given on every run.
 */
export default defineConfig({
  test: {
    // And the wizard on the same real runtime: its flows read and write the store too.
    include: [
      'test/e2e/**/*.test.ts',
      'test/ui/feed-sandbox.test.tsx',
      'test/ui/video-sandbox.test.tsx',
      'test/core/two-front-ends.test.tsx',
    ],
    exclude: [
      'test/e2e/bad-disk.test.ts',
      'test/e2e/bad-input.test.ts',
      'test/e2e/accounts.test.ts',
      'test/e2e/secrets.test.ts',
      'test/e2e/wizard-tmux.test.ts',
      'test/e2e/prompt-tmux.test.ts',
      'test/e2e/first-hour-tmux.test.ts',
      'test/e2e/limits-wizard-tmux.test.ts',
      'test/e2e/cancel-tmux.test.ts',
      'test/e2e/packed-install.test.ts',
      'test/e2e/media-host.test.ts',
    ],
    globalSetup: ['test/redis-pass/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    env: { CI: 'false' },
  },
});
