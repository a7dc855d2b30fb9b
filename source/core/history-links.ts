import { awaitingLink } from './post-link.js';
import { statusEntry } from './resume.js';
import { clientFor, type Runtime } from './runtime.js';

/** At most this many status asks per account and run: TikTok allows 30 a minute. */
const ASKS_PER_ACCOUNT = 10;

/**
 * Fills in the links TikTok withheld while the posts were in moderation: each published public post
 * of the last week without an id is asked about once more, and what TikTok says now is recorded.
 * Advice only: an account that cannot be asked (logged out, offline) keeps its history as it was.
 */
export async function fillWithheldLinks(
  runtime: Runtime,
  accounts: string[],
  onProblem?: (message: string) => void,
): Promise<number> {
  let filled = 0;
  for (const username of accounts) {
    const records = runtime.store.records(username);
    const waiting = (await records.list()).filter((r) => awaitingLink(r)).slice(0, ASKS_PER_ACCOUNT);
    if (waiting.length === 0 || !(await runtime.store.account(username))) continue;
    try {
      const client = await clientFor(username, runtime);
      for (const record of waiting) {
        const status = await client.fetchStatus(record.publishId);
        if (!status.publicaly_available_post_id?.length) continue;
        await records.update(record.publishId, (r) => ({ ...r, status: statusEntry(status) }));
        filled++;
      }
    } catch (error) {
      onProblem?.(`Could not ask TikTok about '${username}' posts: ${(error as Error).message}`);
    }
  }
  return filled;
}
