import type { LedgerEntry, StateStore } from './state-store.js';

/** What one copy did, per kind: copied, or left alone because the target already had it (or newer). */
export interface MigrateCounts {
  accounts: { copied: number; kept: number };
  ledger: { copied: number; kept: number };
  records: { copied: number; kept: number };
}

const RANK = { pending: 0, accepted: 1, done: 2 } as const;

/** How far an entry got; entries from before states existed are done. */
function rank(entry: LedgerEntry): number {
  return RANK[entry.state ?? 'done'];
}

/**
 * Copies accounts, the default account, the ledger and post records from one store to another.
 * Idempotent, and it never moves anything backwards: an account is copied only when the target
 * lacks it or holds an earlier generation of its tokens (a token rotated there is kept; hosts' clocks
 * are never compared: one running 10 minutes ahead must not win with stale tokens), a ledger entry only when it got further than the
 * target's, a post record only when the target lacks it or has it still open. Running it twice
 * copies nothing the second time.
 */
export async function migrateStore(from: StateStore, to: StateStore): Promise<MigrateCounts> {
  const counts: MigrateCounts = {
    accounts: { copied: 0, kept: 0 },
    ledger: { copied: 0, kept: 0 },
    records: { copied: 0, kept: 0 },
  };
  const sources = await from.accounts();
  const first = Object.keys(sources)[0];
  if (first) {
    // A store that may not hold tokens (plain redis:// without a key) refuses before anything is copied.
    await (await to.prepareLoginSave(first)).cancel();
  }
  const theirs = await to.accounts();
  for (const [name, account] of Object.entries(sources)) {
    const there = theirs[name];
    if (there && (there.generation ?? 0) >= (account.generation ?? 0)) counts.accounts.kept++;
    else {
      await to.saveAccount(account);
      counts.accounts.copied++;
    }
  }
  const preferred = await from.defaultAccount();
  if (preferred && !(await to.defaultAccount())) await to.setDefault(preferred);
  const ledger = await to.ledger();
  for (const [key, entry] of Object.entries(await from.ledger())) {
    const there = ledger[key];
    if (there && rank(there) >= rank(entry)) counts.ledger.kept++;
    else {
      await to.recordPosted(key, entry);
      counts.ledger.copied++;
    }
  }
  for (const name of await from.recordAccounts()) {
    const target = to.records(name);
    const present = new Map((await target.list()).map((r) => [r.publishId, r]));
    for (const record of await from.records(name).list()) {
      const there = present.get(record.publishId);
      if (there && (there.closed || !record.closed)) counts.records.kept++;
      else {
        await target.save(record);
        counts.records.copied++;
      }
    }
  }
  return counts;
}
