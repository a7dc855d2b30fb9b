import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime } from '../../source/app/runtime.js';
import { tokenFields } from '../../source/auth/session.js';
import type { Runtime } from '../../source/core/runtime.js';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../source/sandbox/index.js';
import { storeEnv } from '../e2e/cli.js';
import { authorizeSandbox } from '../sandbox/helpers.js';

/** An in-process sandbox and the CLI's real runtime pointed at it (its store too), with account 'ana' authorized. */
export async function sandboxRuntime(
  options: SandboxOptions = {},
  env: NodeJS.ProcessEnv = {},
): Promise<{ sandbox: Sandbox; runtime: Runtime; dir: string }> {
  const sandbox = await startSandbox({ statusDelayMs: 20, ...options });
  const dir = mkdtempSync(join(tmpdir(), 'agoras-ui-'));
  const runtime = await createRuntime(
    {
      TIKTOK_API_BASE_URL: sandbox.urls.tiktokApiBaseUrl,
      TIKTOK_AUTH_URL: sandbox.urls.tiktokAuthUrl,
      AGORAS_CONFIG_DIR: dir,
      AGORAS_POLL_INTERVAL_MS: '20',
      AGORAS_RETRY_BASE_MS: '10',
      // In the Redis pass, this runtime's store is a Redis database of its own (see test/e2e/cli.ts).
      ...storeEnv({ AGORAS_CONFIG_DIR: dir, ...env }),
      ...env,
    },
    { sandbox: false },
  );
  const tokens = await authorizeSandbox(sandbox);
  await runtime.store.saveAccount({
    username: 'ana',
    clientKey: sandbox.clientKey,
    clientSecret: sandbox.clientSecret,
    ...tokenFields(tokens, Date.now()),
    updatedAt: Date.now(),
  });
  return { sandbox, runtime, dir };
}
