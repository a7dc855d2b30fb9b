import { UsageError } from '../../shared/errors.js';
import { pairs } from './accounts.js';
import { type Context, exactInt, positiveMs } from './context.js';
import { RESUME_ADVANCE, RESUME_DELETE, RESUME_PUT } from './scripts.js';
import type { Guarded, ResumeRecord, ResumeStore } from './types.js';

/** TikTok's upload URL is valid for an hour after init: so is its resume record. */
export const RESUME_TTL_MS = 60 * 60 * 1000;

function urlContext(key: string): string {
  return `resume/${key}/uploadUrl`;
}

/**
 * Resume records: a hash per unfinished upload, {record, acked}, with a TTL. The record is written
 * whole; only the acknowledged chunk count changes afterwards (raised, never lowered).
 */
export class RedisResume implements ResumeStore {
  constructor(readonly context: Context) {}

  async get(key: string): Promise<ResumeRecord | undefined> {
    const reply = await this.context.link.command<Record<string, string>>([
      'HGETALL',
      this.context.keys.resume(key),
    ]);
    const fields = Object.fromEntries(pairs(reply));
    if (fields.record === undefined) return undefined;
    let record: ResumeRecord;
    try {
      record = JSON.parse(fields.record) as ResumeRecord;
    } catch {
      throw new UsageError(
        `The resume record '${key}' in the store ${this.context.link.display} is damaged.`,
      );
    }
    return {
      ...record,
      uploadUrl: this.context.open(record.uploadUrl, urlContext(key)),
      ackedChunks: Number(fields.acked ?? record.ackedChunks),
    };
  }

  async put(key: string, record: ResumeRecord, options: Guarded & { ttlMs?: number } = {}): Promise<void> {
    const ttlMs = positiveMs('ttlMs', options.ttlMs ?? RESUME_TTL_MS);
    const acked = exactInt('ackedChunks', record.ackedChunks);
    // The upload URL is a capability (anyone holding it can upload): the same policy as tokens.
    this.context.mayWriteSecrets();
    const stored = { ...record, uploadUrl: this.context.seal(record.uploadUrl, urlContext(key)) };
    const { keys } = this.context;
    await this.context.guarded(RESUME_PUT, options.guard, keys.resume(key), [
      JSON.stringify(stored),
      acked,
      ttlMs,
    ]);
  }

  async advance(key: string, ackedChunks: number, options: Guarded = {}): Promise<boolean> {
    const acked = exactInt('ackedChunks', ackedChunks);
    return (
      (await this.context.guarded(RESUME_ADVANCE, options.guard, this.context.keys.resume(key), [acked])) ===
      1
    );
  }

  async delete(key: string, options: Guarded = {}): Promise<boolean> {
    return (
      (await this.context.guarded(RESUME_DELETE, options.guard, this.context.keys.resume(key), [])) === 1
    );
  }

  /** How many resume records exist now (SCAN: expired ones are already gone). */
  async count(): Promise<number> {
    let cursor = '0';
    const found = new Set<string>();
    do {
      const [next, keys] = await this.context.link.command<[string, string[]]>([
        'SCAN',
        cursor,
        'MATCH',
        this.context.keys.resumePattern,
        'COUNT',
        '500',
      ]);
      for (const key of keys) found.add(key);
      cursor = String(next);
    } while (cursor !== '0');
    return found.size;
  }
}
