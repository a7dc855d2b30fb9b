import {
  chmodSync,
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { PostJob } from '../shared/post-job.js';
import { registerUploadUrl } from '../shared/secrets.js';
import type { SourceIdentity } from '../shared/source-identity.js';
import { acquireLock } from './lock.js';

/** A FILE_UPLOAD still in progress: everything a later run needs to continue it instead of a new init. */
export interface UploadState {
  /** A secret (registered for masking whenever it is read or written). */
  uploadUrl: string;
  /** Epoch ms after which TikTok no longer takes the URL (one hour after the init). */
  expiresAt: number;
  /** The chunk plan TikTok was given at init. */
  videoSize: number;
  chunkSize: number;
  totalChunkCount: number;
  contentType: string;
  identity: SourceIdentity;
  /** Chunks TikTok acknowledged (206/201), in order: the last acknowledged is ackedChunks − 1. */
  ackedChunks: number;
}

/** One post this machine made for an account: its history entry, and while it lasts, its resumable upload. */
export interface PostRecord {
  publishId: string;
  username: string;
  /** When TikTok returned the publish ID, epoch ms. */
  at: number;
  kind: 'video' | 'photo';
  title: string;
  /** The video's absolute path or URL, or the first image URL. */
  media: string;
  origin?: PostJob['origin'];
  /** A hash of everything that makes the post (title, privacy, interactions, labels, mode, source). */
  settings: string;
  upload?: UploadState;
  /** The last status TikTok gave, when it was asked. */
  status?: { status: string; failReason?: string; postIds?: string[]; at: number };
  /** The run that made it ended (posted, or returned without waiting): a rerun is a new post. */
  closed?: boolean;
  /** A direct post or an inbox draft (records from before this field: told by the publish ID). */
  mode?: 'direct' | 'inbox';
  /** The privacy asked for (a SELF_ONLY post never gets a public link). */
  privacy?: string;
  /** The creator's TikTok @username when it was posted: the post's link is made from it. */
  creatorUsername?: string;
}

/** One account's post records: its history, and uploads a later run (on any host) may continue. */
export interface PostRecordStore {
  readonly username: string;
  /** Every record, newest first. */
  list(): Promise<PostRecord[]>;
  get(publishId: string): Promise<PostRecord | undefined>;
  /** Writes a record whole; `durable` also flushes it (the record that starts an upload). */
  save(record: PostRecord, options?: { durable?: boolean }): Promise<void>;
  /** Applies a change to a saved record (nothing when it is gone). */
  update(publishId: string, change: (record: PostRecord) => PostRecord): Promise<void>;
  remove(publishId: string): Promise<void>;
  /** Drops expired unfinished uploads and old history. */
  prune(): Promise<void>;
  /** Locks one upload, so that two runs never send into the same publish ID at once. */
  lockUpload(publishId: string): Promise<() => Promise<void>>;
}

/** Records kept per account: older or more than this many are dropped when a new post starts. */
const KEEP_DAYS = 365;
const KEEP_COUNT = 500;

/**
 * Post records of one account, one JSON file each under `<config dir>/<namespace>.posts/<account>/`
 * (directory 0700, files 0600). A record is written atomically (a temp file renamed over it), so a
 * process killed at any point leaves the previous or the next version, never half of one; the first
 * version, which holds the publish ID and upload URL, is also flushed to disk before the upload starts.
 */
export class PostRecords implements PostRecordStore {
  readonly dir: string;
  readonly username: string;
  readonly #now: () => number;

  constructor(root: string, username: string, now: () => number = Date.now) {
    this.username = username;
    this.dir = join(root, encodeURIComponent(username));
    this.#now = now;
  }

  /** Every record of the account, newest first; a file that cannot be read is skipped. */
  async list(): Promise<PostRecord[]> {
    return this.#list();
  }

  #list(): PostRecord[] {
    let names: string[];
    try {
      names = readdirSync(this.dir).filter((n) => n.endsWith('.json'));
    } catch {
      return [];
    }
    const records: PostRecord[] = [];
    for (const name of names) {
      const record = this.#read(join(this.dir, name));
      if (record) records.push(record);
    }
    return records.sort((a, b) => b.at - a.at);
  }

  async get(publishId: string): Promise<PostRecord | undefined> {
    return this.read(publishId);
  }

  /** Writes a record in one step; `durable` also flushes it to disk (the record that starts an upload). */
  async save(record: PostRecord, options: { durable?: boolean } = {}): Promise<void> {
    this.#save(record, options);
  }

  #save(record: PostRecord, options: { durable?: boolean } = {}): void {
    if (record.upload) registerUploadUrl(record.upload.uploadUrl);
    this.ensureDir();
    const path = this.#path(record.publishId);
    const temp = `${path}.${process.pid}.tmp`;
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(record));
      if (options.durable) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  }

  /** Makes the account's directory (0700, and its parent), e.g. before a lock file goes in it. */
  ensureDir(): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    for (const dir of [join(this.dir, '..'), this.dir]) chmodSync(dir, 0o700);
  }

  /** Applies a change to a saved record (nothing when it is gone). */
  async update(publishId: string, change: (record: PostRecord) => PostRecord): Promise<void> {
    const record = this.#read(this.#path(publishId));
    if (record) this.#save(change(record));
  }

  async remove(publishId: string): Promise<void> {
    rmSync(this.#path(publishId), { force: true });
  }

  /** A lock file beside the records: a second run of the same upload waits, then stops. */
  async lockUpload(publishId: string): Promise<() => Promise<void>> {
    this.ensureDir();
    const release = await acquireLock(this.dir, `upload-${publishId}`, 2000);
    return async () => release();
  }

  /** Cleans up as pruneSteps says. */
  async prune(): Promise<void> {
    for (const step of pruneSteps(this.#list(), this.#now())) {
      if (step.remove) rmSync(this.#path(step.publishId), { force: true });
      else this.#save(step.keep);
    }
  }

  /** One record, read at once (for lookups across accounts). */
  read(publishId: string): PostRecord | undefined {
    return this.#read(this.#path(publishId));
  }

  #path(publishId: string): string {
    return join(this.dir, `${encodeURIComponent(publishId)}.json`);
  }

  #read(path: string): PostRecord | undefined {
    try {
      const record = JSON.parse(readFileSync(path, 'utf8')) as PostRecord;
      if (typeof record?.publishId !== 'string') return undefined;
      if (record.upload?.uploadUrl) registerUploadUrl(record.upload.uploadUrl);
      return record;
    } catch {
      return undefined;
    }
  }
}

/**
 * What pruning does to a list of records (newest first): an unfinished upload whose URL expired is
 * removed (TikTok published nothing from it); a finished one loses its upload URL and stays as
 * history; history past a year, or beyond the newest 500, is removed.
 */
export function pruneSteps(
  records: PostRecord[],
  now: number,
): ({ remove: true; publishId: string } | { remove: false; keep: PostRecord })[] {
  const steps: ({ remove: true; publishId: string } | { remove: false; keep: PostRecord })[] = [];
  records.forEach((record, i) => {
    if (i >= KEEP_COUNT || record.at < now - KEEP_DAYS * 86_400_000) {
      steps.push({ remove: true, publishId: record.publishId });
      return;
    }
    const upload = record.upload;
    if (!upload || upload.expiresAt > now) return;
    if (upload.ackedChunks < upload.totalChunkCount)
      steps.push({ remove: true, publishId: record.publishId });
    else steps.push({ remove: false, keep: { ...record, upload: undefined, closed: true } });
  });
  return steps;
}

/** Where a store keeps post records: `<config dir>/<namespace>.posts`. */
export function postRecordsRoot(store: { dir: string; namespace: string }): string {
  return join(store.dir, `${store.namespace}.posts`);
}

/** The accounts that have post records under a root. */
export function accountsWithRecords(root: string): string[] {
  try {
    return readdirSync(root, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => decodeURIComponent(e.name));
  } catch {
    return [];
  }
}

/** The record of a publish ID under any account of a root (the ledger knows IDs, not where they live). */
export function findPostRecord(root: string, publishId: string): PostRecord | undefined {
  for (const username of accountsWithRecords(root)) {
    const record = new PostRecords(root, username).read(publishId);
    if (record) return record;
  }
  return undefined;
}
