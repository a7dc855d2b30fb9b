import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { ChunkPlan } from '../shared/chunk-plan.js';

/**
 * Hashes of the chunks TikTok acknowledged, kept in the upload record: a file changed in the middle
 * with the same size and modification time (a tool that restores mtime, a clock set back) is seen
 * before a resumed upload sends the rest of a different file after the start of this one.
 */
export async function regionHash(path: string, start: number, end: number): Promise<string> {
  const hash = createHash('sha256');
  for await (const piece of createReadStream(path, { start, end })) hash.update(piece as Buffer);
  return hash.digest('hex').slice(0, 32);
}

/** The hashes of chunks `from` to `to − 1` of a file, in order. */
export async function chunkHashes(
  path: string,
  plan: ChunkPlan,
  from: number,
  to: number,
): Promise<string[]> {
  const out: string[] = [];
  for (let i = from; i < to; i++)
    out.push(await regionHash(path, plan.chunks[i]!.start, plan.chunks[i]!.end));
  return out;
}

/** The first acknowledged chunk whose bytes in the file are not those sent, or undefined. */
export async function firstChangedChunk(
  path: string,
  plan: ChunkPlan,
  hashes: readonly string[],
): Promise<number | undefined> {
  for (let i = 0; i < hashes.length && i < plan.totalChunkCount; i++) {
    const c = plan.chunks[i]!;
    if ((await regionHash(path, c.start, c.end)) !== hashes[i]) return i;
  }
  return undefined;
}
