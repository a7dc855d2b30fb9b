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

/** Opens the store a run uses: a bad URL or key is exit 2, an unreachable Redis exit 5. */
export async function openStore(options: OpenStoreOptions): Promise<StateStore> {
  const where = parseStoreUrl(options.url?.trim() ? options.url : 'file:');
  if (where.kind === 'file')
    return new FileStateStore({ configDir: options.configDir, namespace: options.namespace });
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
