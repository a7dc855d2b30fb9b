import type { HistoryEntry } from './history.js';
import type { Runtime } from './runtime.js';
import { postNumbers, type VideoStats } from './stats.js';

/** History entries with their posts' numbers, and the accounts that did not grant the scope for them. */
export interface HistoryWithStats {
  entries: (HistoryEntry & { stats?: VideoStats[] })[];
  /** Accounts with posts to count but without video.list: the front end says how to get it. */
  withoutScope: string[];
}

/**
 * Adds each post's views, likes, comments and shares (Display API, 20 ids a call) to the entries
 * that have a post id. An account TikTok cannot be asked about keeps its entries as they were.
 */
export async function historyStats(
  runtime: Runtime,
  entries: HistoryEntry[],
  onProblem?: (account: string, error: Error) => void,
): Promise<HistoryWithStats> {
  const byAccount = new Map<string, string[]>();
  for (const e of entries)
    if (e.postIds?.length) byAccount.set(e.account, [...(byAccount.get(e.account) ?? []), ...e.postIds]);
  const found = new Map<string, VideoStats>();
  const withoutScope: string[] = [];
  for (const [account, ids] of byAccount) {
    try {
      const numbers = await postNumbers(runtime, account, ids);
      if (numbers === 'no-scope') withoutScope.push(account);
      else for (const [id, stats] of numbers) found.set(`${account}\n${id}`, stats);
    } catch (error) {
      onProblem?.(account, error as Error);
    }
  }
  return {
    entries: entries.map((e) => {
      const stats = (e.postIds ?? []).flatMap((id) => found.get(`${e.account}\n${id}`) ?? []);
      return stats.length ? { ...e, stats } : e;
    }),
    withoutScope,
  };
}
