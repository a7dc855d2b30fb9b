import { isUrl } from '../media/video-source.js';
import type { PostRecord } from '../store/post-records.js';
import type { LedgerEntry, StateStore } from '../store/state-store.js';
import { type PostLink, postLinkOf, recordFacts } from './post-link.js';

/** One post this machine made, as `agoras history` lists it. */
export interface HistoryEntry {
  /** ISO time TikTok returned the publish ID. */
  at: string;
  account: string;
  /** Absent for an intent the ledger holds without TikTok's answer (uncertain). */
  publishId?: string;
  kind?: 'video' | 'photo';
  title?: string;
  /** Where it came from: a file, a URL, a feed entry, a sheet row (or images). */
  from: { kind: 'file' | 'url' | 'images' | 'feed' | 'sheet'; where: string };
  /**
   * uploading: an upload a rerun can still continue; accepted: TikTok took it, the run stopped before
   * the end; done: the run that made it finished; pending: a feed or schedule run asked TikTok and
   * stopped before hearing back (uncertain).
   */
  state: 'uploading' | 'accepted' | 'done' | 'pending';
  /** TikTok's last status, when this machine asked. */
  status?: string;
  failReason?: string;
  postIds?: string[];
  /** For an unfinished upload: until when a rerun can continue it. */
  resumableUntil?: string;
  /** The post's public address(es), once TikTok gave its id. */
  postUrls?: string[];
  /** Where the post can be seen: link, moderation (id withheld so far), private, draft, none. */
  link?: PostLink['kind'];
}

function fromRecord(record: PostRecord): HistoryEntry['from'] {
  const origin = record.origin;
  if (origin?.kind === 'feed')
    return { kind: 'feed', where: `feed entry “${origin.label ?? origin.key ?? ''}”` };
  if (origin?.kind === 'sheet') return { kind: 'sheet', where: `sheet ${origin.key ?? 'row'}` };
  if (record.kind === 'photo') return { kind: 'images', where: record.media };
  return { kind: isUrl(record.media) ? 'url' : 'file', where: record.media };
}

function linkFields(link: PostLink): Pick<HistoryEntry, 'postUrls' | 'link'> {
  return link.kind === 'link' ? { link: link.kind, postUrls: link.urls } : { link: link.kind };
}

function fromRecordEntry(record: PostRecord): HistoryEntry {
  // Every chunk acknowledged: nothing is left to upload, whatever became of the post since.
  const unsent = record.upload !== undefined && record.upload.ackedChunks < record.upload.totalChunkCount;
  const state = record.closed ? 'done' : unsent ? 'uploading' : 'accepted';
  return {
    at: new Date(record.at).toISOString(),
    account: record.username,
    publishId: record.publishId,
    kind: record.kind,
    title: record.title,
    from: fromRecord(record),
    state,
    ...(record.status
      ? {
          status: record.status.status,
          ...(record.status.failReason ? { failReason: record.status.failReason } : {}),
          ...(record.status.postIds ? { postIds: record.status.postIds } : {}),
        }
      : {}),
    ...linkFields(postLinkOf(recordFacts(record))),
    ...(state === 'uploading' && record.upload
      ? { resumableUntil: new Date(record.upload.expiresAt).toISOString() }
      : {}),
  };
}

/** A ledger entry (feeds, schedule) with no record of its own: posts from before records, or other runs. */
function fromLedger(key: string, entry: LedgerEntry): HistoryEntry | undefined {
  const match = /^(feed|sheet):([^:]*):(.*)$/.exec(key);
  if (!match) return undefined;
  const [, kind, account, rest] = match as unknown as [string, 'feed' | 'sheet', string, string];
  const where =
    kind === 'feed'
      ? `feed entry “${entry.label ?? rest}”`
      : `sheet ${rest.split(':').slice(0, 2).join(' / ')}, ${entry.label ?? 'a row'}`;
  return {
    at: new Date(entry.at).toISOString(),
    account,
    ...(entry.publishId ? { publishId: entry.publishId } : {}),
    from: { kind, where },
    state: entry.state === 'accepted' || entry.state === 'pending' ? entry.state : 'done',
  };
}

/** What this machine posted, newest first: post records, and ledger entries no record covers. */
export async function postHistory(store: StateStore, username?: string): Promise<HistoryEntry[]> {
  const accounts = username ? [username] : await store.recordAccounts();
  const entries: HistoryEntry[] = [];
  for (const name of accounts) {
    const records = store.records(name);
    await records.prune(); // an upload past its hour is not "unfinished" any more
    entries.push(...(await records.list()).map(fromRecordEntry));
  }
  const known = new Set(entries.map((e) => e.publishId));
  for (const [key, entry] of Object.entries(await store.ledger())) {
    const item = fromLedger(key, entry);
    if (!item || (item.publishId && known.has(item.publishId)) || (username && item.account !== username))
      continue;
    entries.push(item);
  }
  return entries.sort((a, b) => b.at.localeCompare(a.at));
}
