import { Script } from './connect.js';

/**
 * Every multi-step change of the Redis store, each one Lua script: Redis runs a script atomically
 * (no other command runs in between, and it is replicated and persisted as one unit), so no
 * runner ever sees or leaves half of it. Every key a script touches is passed in KEYS, and all of
 * a namespace's keys share one hash tag, so the scripts also run on a cluster.
 */

/** Guarded writes start here: -1 when ARGV[1] is a lease token and KEYS[1] no longer holds it. */
const GUARD = `if ARGV[1] ~= '' and redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end\n`;

/** KEYS: lease, fence counter. ARGV: random part, ttl ms. → {1, token} | {0, pttl of the holder}. */
export const ACQUIRE = new Script(
  'acquire',
  `if redis.call('EXISTS', KEYS[1]) == 1 then return {0, redis.call('PTTL', KEYS[1])} end
local token = redis.call('INCR', KEYS[2]) .. ':' .. ARGV[1]
redis.call('SET', KEYS[1], token, 'NX', 'PX', ARGV[2])
return {1, token}`,
);

/** KEYS: lease. ARGV: token, ttl ms. → 1 renewed | 0 not the owner's (nothing changed). */
export const RENEW = new Script(
  'renew',
  `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`,
);

/** KEYS: lease. ARGV: token. → 1 released | 0 not the owner's (compare-and-delete). */
export const RELEASE = new Script(
  'release',
  `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`,
);

/** KEYS: guard, ledger. ARGV: token, item. → 1 | 0 none | -1 lease lost. */
export const FORGET = new Script('forget', `${GUARD}return redis.call('HDEL', KEYS[2], ARGV[2])`);

/** KEYS: accounts, default. ARGV: name. Drops the account and, if it was the default, the default. */
export const ACCOUNT_REMOVE = new Script(
  'account-remove',
  `local removed = redis.call('HDEL', KEYS[1], ARGV[1])
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
return removed`,
);

/** KEYS: accounts, default. → the default set explicitly (if it still exists), else the only account. */
export const DEFAULT_GET = new Script(
  'default-get',
  `local name = redis.call('GET', KEYS[2])
if name and redis.call('HEXISTS', KEYS[1], name) == 1 then return name end
if redis.call('HLEN', KEYS[1]) == 1 then return redis.call('HKEYS', KEYS[1])[1] end
return false`,
);

/** KEYS: accounts, default. ARGV: name. → 1 set | 0 no such account. */
export const DEFAULT_SET = new Script(
  'default-set',
  `if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('SET', KEYS[2], ARGV[1])
return 1`,
);

/**
 * KEYS: refresh lease, accounts, fence counter. ARGV: name, random part, ttl ms. Reads the account
 * and takes the refresh turn in one step, so the refresher starts from the current tokens.
 * → {1, account JSON, token} | {0, account JSON} | {-1} no such account.
 */
export const REFRESH_BEGIN = new Script(
  'refresh-begin',
  `local account = redis.call('HGET', KEYS[2], ARGV[1])
if not account then return {-1} end
if redis.call('EXISTS', KEYS[1]) == 1 then return {0, account} end
local token = redis.call('INCR', KEYS[3]) .. ':' .. ARGV[2]
redis.call('SET', KEYS[1], token, 'NX', 'PX', ARGV[3])
return {1, account, token}`,
);

/**
 * KEYS: refresh lease, accounts. ARGV: token, name, account JSON. Stores the rotated tokens and
 * ends the turn in one step, only while the turn is still this token's. → 1 | 0 lease lost.
 */
export const ROTATION_COMMIT = new Script(
  'rotation-commit',
  `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
redis.call('DEL', KEYS[1])
return 1`,
);

/** KEYS: refresh lease, accounts. ARGV: name. → {account JSON or '', 1 while a refresh runs}. */
export const ROTATION_POLL = new Script(
  'rotation-poll',
  `return {redis.call('HGET', KEYS[2], ARGV[1]) or '', redis.call('EXISTS', KEYS[1])}`,
);

/** KEYS: guard, ledger. ARGV: token, item, entry JSON. Writes the entry whole. → 1 | -1 lease lost. */
export const LEDGER_PUT = new Script(
  'ledger-put',
  `${GUARD}redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
return 1`,
);

/**
 * KEYS: guard, ledger. ARGV: token, item, entry JSON, expected JSON ('' for none). Writes the entry
 * only while the current one is exactly the expected one (compare-and-set), so two runners that
 * read the same entry can never both take it. → 1 taken | 0 changed meanwhile | -1 lease lost.
 */
export const LEDGER_CLAIM = new Script(
  'ledger-claim',
  `${GUARD}local current = redis.call('HGET', KEYS[2], ARGV[2])
if (current or '') ~= ARGV[4] then return 0 end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
return 1`,
);

/**
 * KEYS: accounts. ARGV: name, account JSON, expected updatedAt. Saves the account only while the
 * stored one is still the version the caller started from (a lost refresh turn keeps its rotated
 * tokens unless another runner has stored newer ones). → 1 | 0.
 */
export const ACCOUNT_SAVE_IF = new Script(
  'account-save-if',
  `local current = redis.call('HGET', KEYS[1], ARGV[1])
if current and tostring(cjson.decode(current).updatedAt) ~= ARGV[3] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1`,
);
