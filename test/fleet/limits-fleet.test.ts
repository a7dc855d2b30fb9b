import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../e2e/cli.js';
import { ids } from '../e2e/sources-helpers.js';
import {
  authorize,
  type Fleet,
  feedArgs,
  postCounts,
  runAtOnce,
  startFleet,
  videoArgs,
} from './fleet-harness.js';

// The daily cap is counted from the store's post records: on one Redis store, every runner's posts
// count, so two hosts running feeds at once stop together at the cap. The file-store control (each
// host counts only its own posts) goes past it: the test can fail.
const CAP = 4;
let fleet: Fleet;

beforeAll(async () => {
  fleet = await startFleet();
});
afterAll(async () => {
  await fleet?.close();
});

/** Two posts from the first host, then both hosts run a feed of 5 at once with the cap at 4. */
async function scenario(envs: Record<string, string>[], name: string) {
  for (const title of [`${name} early 1`, `${name} early 2`]) {
    const r = await runCli(videoArgs(fleet.videoUrl, title), envs[0]!);
    expect(r.code, r.stderr).toBe(0);
  }
  const feeds = [fleet.feed(`${name}-a`, 5), fleet.feed(`${name}-b`, 5)];
  const results = await runAtOnce(
    (i) => [...feedArgs(feeds[i]!.url, 5), '--daily-post-cap', String(CAP)],
    envs,
  ).results;
  for (const r of results) expect(r.code, r.stderr).toBe(0);
  const fed = [...postCounts(fleet.sandbox, [...feeds[0]!.titles, ...feeds[1]!.titles]).values()].reduce(
    (a, b) => a + b,
    0,
  );
  return { results, fed };
}

describe('the daily cap across runners', () => {
  it('on one Redis store: two hosts at once stop together at the cap', async (ctx) => {
    if (!fleet.redis) return ctx.skip(fleet.redisSkip);
    const store = fleet.storeUrl(9);
    const auth = await authorize(fleet, fleet.host(store));
    expect(auth.code, auth.stderr).toBe(0);
    const envs = [fleet.host(store), fleet.host(store)];
    const { results, fed } = await scenario(envs, 'capped');
    expect(fed).toBe(CAP - 2);
    const stopped = results.filter((r) =>
      /Stopped before TikTok's cap: 4 posts in the last 24 h/.test(r.stderr),
    );
    expect(stopped.length).toBeGreaterThanOrEqual(1);
    expect(results.flatMap((r) => ids(r.stdout))).toHaveLength(CAP - 2);
    // Either host sees the fleet's count.
    const accounts = await runCli(['accounts', '--daily-post-cap', String(CAP)], envs[1]!);
    expect(accounts.stdout).toContain(
      `posts in 24 h ${CAP} · drafts pending 0 of 5 (daily cap of ${CAP} posts reached)`,
    );
  });

  it('control: hosts with their own config files each count only their own posts, and pass the cap together', async () => {
    const envs = [fleet.host(), fleet.host()];
    for (const env of envs) {
      const auth = await authorize(fleet, env);
      expect(auth.code, auth.stderr).toBe(0);
    }
    const { fed } = await scenario(envs, 'control');
    expect(fed).toBe(CAP - 2 + CAP);
  });
});
