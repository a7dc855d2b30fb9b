import { convertedPath, isCached } from './cache.js';
import { runFfmpeg } from './run-ffmpeg.js';
import { type NotFixable, type PlanOptions, planVideoFix, type VideoFix } from './video-plan.js';
import { probeVideo } from './video-probe.js';

export type { NotFixable, PlanOptions, VideoFix };

/** What converting a local video would do (nothing is written): its probe, then the plan. */
export async function planLocalVideo(
  path: string,
  options: PlanOptions = {},
): Promise<VideoFix | NotFixable> {
  return planVideoFix(await probeVideo(path), options);
}

export interface ConvertOptions {
  signal?: AbortSignal;
  onProgress?(doneSec: number, totalSec: number): void;
  env?: NodeJS.ProcessEnv;
}

/**
 * Converts `path` as `plan` says into the cache (the original is never touched); a conversion
 * already made of the same file with the same plan is reused as it is.
 */
export async function convertVideo(
  path: string,
  plan: VideoFix,
  options: ConvertOptions = {},
): Promise<{ output: string; cached: boolean }> {
  const output = await convertedPath(path, plan.args, plan.ext, options.env);
  if (await isCached(output)) return { output, cached: true };
  await runFfmpeg({
    args: plan.args,
    input: path,
    output,
    durationSec: plan.durationSec,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  return { output, cached: false };
}
