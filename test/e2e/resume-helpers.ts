import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Sandbox } from '../../source/sandbox/index.js';
import type { PostRecord } from '../../source/store/post-records.js';
import { type CliResult, openTestStore } from './cli.js';
import { startCli } from './sources-helpers.js';

export const MiB = 1024 * 1024;

/** Polls until `fn` is true (the sandbox is in-process: its state is read directly). */
export async function until(fn: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fn()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Runs the CLI with chunk `heldChunk` held back by the sandbox, SIGKILLs it while that chunk waits,
 * and waits until the sandbox has let go of the dead connection. TikTok then holds exactly
 * `heldChunk` chunks.
 */
export async function killDuringChunk(
  sandbox: Sandbox,
  args: string[],
  env: Record<string, string>,
  heldChunk: number,
): Promise<CliResult> {
  const hits = sandbox.faults.hits.length;
  sandbox.faults.add({ endpoint: 'upload', action: 'delay', delayMs: 400, chunkIndex: heldChunk });
  const run = startCli(args, env);
  await until(() =>
    sandbox.faults.hits
      .slice(hits)
      .some((h) => h.endpoint === 'upload' && h.action === 'delay' && h.chunkIndex === heldChunk),
  );
  run.child.kill('SIGKILL');
  const killed = await run.result;
  expect(killed.signal).toBe('SIGKILL');
  await until(() => [...sandbox.state.uploads.values()].every((u) => !u.busy));
  return killed;
}

/** The post records of an account as the file store wrote them (with their file modes). */
export function records(configDir: string, username = 'ana'): { record: PostRecord; mode: number }[] {
  const dir = join(configDir, 'config.posts', username);
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {}
  return names.map((n) => ({
    record: JSON.parse(readFileSync(join(dir, n), 'utf8')) as PostRecord,
    mode: statSync(join(dir, n)).mode & 0o777,
  }));
}

/** One post record of 'ana', read through the store the CLIs use (the file, or Redis in the Redis pass). */
export async function recordOf(
  env: Record<string, string>,
  publishId: string,
): Promise<PostRecord | undefined> {
  const store = await openTestStore(env);
  try {
    return await store.records('ana').get(publishId);
  } finally {
    await store.close();
  }
}

/** Changes one post record of 'ana' in the store the CLIs use (to stage what a dying run leaves). */
export async function changeRecord(
  env: Record<string, string>,
  publishId: string,
  change: (record: PostRecord) => PostRecord,
): Promise<void> {
  const store = await openTestStore(env);
  try {
    await store.records('ana').update(publishId, change);
  } finally {
    await store.close();
  }
}

/** The publish IDs a run printed on stdout, one `{"id":…}` line each. */
export function printedIds(stdout: string): string[] {
  return stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { id: string }).id);
}
