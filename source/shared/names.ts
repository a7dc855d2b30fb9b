import { UsageError } from './errors.js';

/**
 * What an account name may be: it names a directory of post records, a Redis key and a word in
 * suggested commands, and it arrives from flags, prompts and (in a shared store) other people.
 */
export const ACCOUNT_NAME_RULE =
  "1 to 64 characters without '/', '\\', ':' or control characters, not starting with '.', '-' or a space";
// No path separator, no ':' (ledger keys are `feed:<account>:…`), no control or invisible format
// character (a newline would split `accounts`, a bidi control reorder it), nothing '..' can be.
const ACCOUNT_NAME = /^(?![.\-\s])[^/\\:\p{Cc}\p{Cf}\p{Zl}\p{Zp}]{1,64}(?<!\s)$/u;

/** The account name, or a UsageError (exit 2) that shows it inert and says what a name may be. */
export function checkAccountName(name: string): string {
  if (ACCOUNT_NAME.test(name)) return name;
  throw new UsageError(`The account name ${JSON.stringify(name.slice(0, 80))} is not allowed.`, {
    hint: `use ${ACCOUNT_NAME_RULE}`,
  });
}

/** True for a name checkAccountName accepts. */
export function isAccountName(name: string): boolean {
  return ACCOUNT_NAME.test(name);
}

/**
 * An ID from outside (TikTok's publish ID) about to become part of a file name: only the
 * characters TikTok's IDs use, never '.' or '..' alone, nothing that walks out of its directory.
 */
export function checkPathId(id: string, what: string): string {
  if (/^[A-Za-z0-9_~-][A-Za-z0-9_.~-]{0,127}$/.test(id)) return id;
  throw new UsageError(`${what} ${JSON.stringify(id.slice(0, 80))} is not a usable ID; nothing was written.`);
}
