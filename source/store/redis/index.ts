/**
 * The Redis half of the shared store (issue 16): many runners, one store. Nothing here loads
 * node-redis until connectRedis (or RedisStore.open) is called.
 */
export { type ConnectOptions, connectRedis, type RedisLink, Script } from './connect.js';
export { Keys, LeaseLostError } from './context.js';
export { openRedisStore, RedisStore, type RedisStoreOptions } from './redis-store.js';
export {
  checkSecretPolicy,
  isSealed,
  openSecret,
  parseStoreKey,
  SEALED_PREFIX,
  type SecretPolicyInput,
  sealSecret,
  storeKeyFromEnv,
} from './seal.js';
export type * from './types.js';
export { type FileStoreUrl, maskUrl, parseStoreUrl, type RedisStoreUrl, type StoreUrl } from './url.js';
