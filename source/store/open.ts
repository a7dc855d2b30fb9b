import { AgorasError, ExitCode } from '../shared/errors.js';
import { registerSecret } from '../shared/secrets.js';
import { FileStateStore } from './file-store.js';
import { parseStoreUrl } from './redis/url.js';
import type { StateStore } from './state-store.js';
import { configDirectory } from './store.js';

export interface OpenStoreOptions {
  /** AGORAS_STORE / --store: `file:` (default) or `redis://…`, `rediss://…`. */
  url?: string;
  /** --store-insecure: tokens may go to a plain redis:// store without a key (a private loopback). */
  insecure?: boolean;
  /** AGORAS_STORE_KEY: seals tokens in Redis with AES-256-GCM. */
  key?: string;
  /** AGORAS_CONFIG_DIR: where the file store lives. */
  configDir?: string;
  namespace: 'config' | 'sandbox';
}

/**
 * A config directory the file system refuses (a name too long, a directory that is not ours to
 * chmod, a file where a directory belongs): one line and exit 1, as for one that cannot be written.
 */
function configDirError(error: unknown, dir: string | undefined): unknown {
  if (error instanceof AgorasError) return error;
  const e = error as NodeJS.ErrnoException;
  if (typeof e?.code !== 'string' || !/^E[A-Z]+$/.test(e.code)) return error;
  const where = dir ? `The config directory ${dir}` : 'The config directory';
  return new AgorasError(`${where} cannot be used (${e.code}).`, ExitCode.unexpected, {
    hint: 'point AGORAS_CONFIG_DIR at a directory you own, with room',
    cause: error,
  });
}

/** Opens the store a run uses: a bad URL or key is exit 2, an unreachable Redis exit 5. */
export async function openStore(options: OpenStoreOptions): Promise<StateStore> {
  const where = parseStoreUrl(options.url?.trim() ? options.url : 'file:');
  if (where.kind === 'file') {
    try {
      return new FileStateStore({ configDir: options.configDir, namespace: options.namespace });
    } catch (error) {
      throw configDirError(error, options.configDir);
    }
  }
  // The password is masked wherever it could be printed (errors, --debug), like a token.
  const password = new URL(where.url).password;
  if (password) registerSecret(decodeURIComponent(password));
  // node-redis loads only for a Redis store.
  const { RedisStateStore } = await import('./redis/state.js');
  return RedisStateStore.open(where.url, {
    namespace: options.namespace,
    key: options.key?.trim() ? options.key : undefined,
    insecure: options.insecure,
    // Rotated logins the store could not take during an outage wait in the config directory.
    rescueDir: () => configDirectory(options.configDir),
  });
}
