import { registerUploadUrl } from '../../shared/secrets.js';
import { type PostRecord, pruneSteps } from '../post-records.js';
import type { PostRecordStore } from '../state-store.js';
import { pairs } from './accounts.js';
import type { Context } from './context.js';
import { holdLease } from './held-lease.js';
import type { RedisLocks } from './locks.js';

/** How long a run waits for another run sending into the same upload. */
const UPLOAD_LOCK_WAIT_MS = 2000;

/** The associated data of an upload URL: it opens only in its own account's record of this post. */
function urlContext(username: string, publishId: string): string {
  return `post/${username}/${publishId}/uploadUrl`;
}

/** A record as stored: JSON with the upload URL (a capability) sealed like a token. */
function encode(context: Context, username: string, record: PostRecord): string {
  if (!record.upload) return JSON.stringify(record);
  context.mayWriteSecrets();
  registerUploadUrl(record.upload.uploadUrl);
  const uploadUrl = context.seal(record.upload.uploadUrl, urlContext(username, record.publishId));
  return JSON.stringify({ ...record, upload: { ...record.upload, uploadUrl } });
}

/**
 * A stored record read back; one that is not JSON is skipped (like a damaged file). An upload URL
 * that is not sealed under this account and post (with a key set) fails closed: a planted URL would
 * receive the rest of the video.
 */
function decode(context: Context, username: string, json: string): PostRecord | undefined {
  let record: PostRecord;
  try {
    record = JSON.parse(json) as PostRecord;
  } catch {
    return undefined;
  }
  if (typeof record?.publishId !== 'string') return undefined;
  if (!record.upload) return record;
  const uploadUrl = context.open(String(record.upload.uploadUrl), urlContext(username, record.publishId));
  registerUploadUrl(uploadUrl);
  return { ...record, upload: { ...record.upload, uploadUrl } };
}

/** One account's post records in one hash, so a run on any host can see and continue an upload. */
export class RedisPostRecords implements PostRecordStore {
  readonly #key: string;
  constructor(
    readonly context: Context,
    readonly locks: RedisLocks,
    readonly username: string,
  ) {
    this.#key = context.keys.posts(username);
  }

  async list(): Promise<PostRecord[]> {
    const reply = await this.context.link.command<Record<string, string> | string[]>(['HGETALL', this.#key]);
    const records: PostRecord[] = [];
    for (const [, json] of pairs(reply)) {
      const record = decode(this.context, this.username, json);
      if (record) records.push(record);
    }
    return records.sort((a, b) => b.at - a.at);
  }

  async get(publishId: string): Promise<PostRecord | undefined> {
    const json = await this.context.link.command<string | null>(['HGET', this.#key, publishId]);
    return json == null ? undefined : decode(this.context, this.username, json);
  }

  /** Every write reaches the server before it returns (Redis' own persistence decides the rest). */
  async save(record: PostRecord): Promise<void> {
    await this.#write(record);
    await this.context.link.command(['SADD', this.context.keys.postAccounts, this.username]);
  }

  /** A record already saved: its account is in the set already (one round trip less per chunk). */
  async update(publishId: string, change: (record: PostRecord) => PostRecord): Promise<void> {
    const record = await this.get(publishId);
    if (record) await this.#write(change(record));
  }

  async #write(record: PostRecord): Promise<void> {
    await this.context.link.command([
      'HSET',
      this.#key,
      record.publishId,
      encode(this.context, this.username, record),
    ]);
  }

  async remove(publishId: string): Promise<void> {
    await this.context.link.command(['HDEL', this.#key, publishId]);
  }

  async prune(): Promise<void> {
    for (const step of pruneSteps(await this.list(), this.context.now())) {
      if (step.remove) await this.remove(step.publishId);
      else await this.save(step.keep);
    }
  }

  async lockUpload(publishId: string): Promise<() => Promise<void>> {
    const held = await holdLease(
      this.locks,
      `${this.username}#upload:${publishId}`,
      `the upload ${publishId}`,
      UPLOAD_LOCK_WAIT_MS,
    );
    return held.release;
  }
}
