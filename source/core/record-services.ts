import { UsageError } from '../shared/errors.js';
import { type MigrateCounts, migrateStore } from '../store/migrate.js';
import { openStore } from '../store/open.js';
import { type HistoryEntry, postHistory } from './history.js';
import { fillWithheldLinks } from './history-links.js';
import { historyStats } from './history-stats.js';
import type { Runtime } from './runtime.js';
import type { VideoStats } from './stats.js';
import { ownerOnThisMachine, type StatusReport, type StatusRequest, statusReport } from './status-report.js';

export type { MigrateCounts } from '../store/migrate.js';
export type { HistoryEntry } from './history.js';
export type { StatusReport, StatusRequest } from './status-report.js';

/** What `agoras store status` reports. */
export interface StoreReport {
  kind: 'file' | 'redis';
  location: string;
  namespace: string;
  healthy: true;
  latencyMs: number;
  /** How tokens are kept at rest, in words. */
  tokens: string;
  counts: { accounts: number; ledger: number; records: number };
}

/** The records half of Agoras: what TikTok says of a post, what this machine posted, the store. */
export interface RecordServices {
  /** The account that posted a publish ID on this machine, when it did. */
  ownerOf(publishId: string): Promise<string | undefined>;
  /** TikTok's status of a post (waiting for the end when asked), recorded in the post's record. */
  postStatus(request: StatusRequest): Promise<StatusReport>;
  /**
   * What this machine posted, newest first, and where that is kept. Links TikTok withheld during
   * moderation are asked for again first; with `stats`, each post's numbers (and the accounts
   * without the permission for them).
   */
  history(
    username?: string,
    options?: { stats?: boolean; onProblem?(message: string): void },
  ): Promise<{
    entries: (HistoryEntry & { stats?: VideoStats[] })[];
    location: string;
    withoutScope: string[];
  }>;
  storeStatus(options: { insecure: boolean }): Promise<StoreReport>;
  /** Copies accounts, ledger and records into another store; `onStart` fires once it is open. */
  migrateStore(
    to: { url: string; insecure?: boolean },
    onStart?: (from: string, to: string) => void,
  ): Promise<{ from: string; to: string; counts: MigrateCounts }>;
}

/** How tokens are kept at rest in this store, in words. */
function secrecy(runtime: Runtime, insecure: boolean): string {
  if (runtime.store.kind === 'file') return 'in the config file (0600)';
  if (runtime.env.AGORAS_STORE_KEY?.trim()) return 'sealed with AGORAS_STORE_KEY (AES-256-GCM)';
  if (runtime.store.location.startsWith('rediss:'))
    return 'over TLS, not sealed (set AGORAS_STORE_KEY to seal them)';
  return insecure
    ? 'in plain text (--store-insecure)'
    : 'refused: no key and no TLS (see agoras store --help)';
}

export function recordServices(runtime: Runtime): RecordServices {
  return {
    ownerOf: (publishId) => ownerOnThisMachine(runtime, publishId),
    postStatus: (request) => statusReport(runtime, request),
    async history(username, options = {}) {
      const accounts = username ? [username] : await runtime.store.recordAccounts();
      await fillWithheldLinks(runtime, accounts, options.onProblem);
      const entries = await postHistory(runtime.store, username);
      const location = runtime.store.location;
      if (!options.stats) return { entries, location, withoutScope: [] };
      const found = await historyStats(runtime, entries, (account, error) =>
        options.onProblem?.(`Could not read the numbers of '${account}' posts: ${error.message}`),
      );
      return { ...found, location };
    },
    async storeStatus({ insecure }) {
      const { store } = runtime;
      const latencyMs = await store.ping();
      return {
        kind: store.kind,
        location: store.location,
        namespace: store.namespace,
        healthy: true,
        latencyMs: Math.round(latencyMs * 10) / 10,
        tokens: secrecy(runtime, insecure),
        counts: await store.counts(),
      };
    },
    async migrateStore(to, onStart) {
      const target = await openStore({
        url: to.url,
        insecure: to.insecure,
        key: runtime.env.AGORAS_STORE_KEY,
        configDir: runtime.env.AGORAS_CONFIG_DIR || undefined,
        namespace: runtime.store.namespace,
      });
      try {
        if (target.kind === runtime.store.kind && target.location === runtime.store.location)
          throw new UsageError(`The store ${target.location} is already the one in use; nothing to copy.`);
        onStart?.(runtime.store.location, target.location);
        const counts = await migrateStore(runtime.store, target);
        return { from: runtime.store.location, to: target.location, counts };
      } finally {
        await target.close();
      }
    },
  };
}
