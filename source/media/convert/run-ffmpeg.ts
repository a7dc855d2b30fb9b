import { spawn } from 'node:child_process';
import { rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { UsageError } from '../../shared/errors.js';
import { findFfmpeg } from './ffmpeg-binary.js';

export interface FfmpegRun {
  /** Everything between `-i INPUT` and the output path (codecs, filters, -t, -f …). */
  args: readonly string[];
  input: string;
  /** Written as `output.partial` first and renamed on success: a cut-off run leaves no file that looks done. */
  output: string;
  /** Seconds of media the output will hold: progress is `out_time` against it. */
  durationSec: number;
  signal?: AbortSignal;
  /** Seconds converted so far, and the total. */
  onProgress?(doneSec: number, totalSec: number): void;
  env?: NodeJS.ProcessEnv;
}

/** How long ffmpeg gets to finish after SIGTERM before it is killed outright. */
const KILL_AFTER_MS = 2000;

/** The full argument list, for running the same command by hand (and the bench). */
export function ffmpegArgs(run: Pick<FfmpegRun, 'args' | 'input'>, output: string): string[] {
  // file: makes ffmpeg read a path as a path: a name like "concat:a|b" or "http:x" is not a protocol.
  const input = `file:${resolve(run.input)}`;
  return [
    '-hide_banner',
    '-nostdin',
    '-y',
    '-loglevel',
    'error',
    '-i',
    input,
    ...run.args,
    `file:${resolve(output)}`,
  ];
}

/**
 * Runs ffmpeg once: progress from its `-progress` stream, cancelled by the run's AbortSignal
 * (SIGTERM, then SIGKILL; awaited, so no ffmpeg outlives the run), the partial output removed on
 * any failure. Resolves once `output` is complete.
 */
export async function runFfmpeg(run: FfmpegRun): Promise<void> {
  run.signal?.throwIfAborted();
  const binary = await findFfmpeg(run.env);
  const partial = `${run.output}.partial`;
  const args = ['-progress', 'pipe:1', '-nostats', ...ffmpegArgs(run, partial)];
  // The partial output is an MP4/WebM by its -f; ffmpeg cannot guess it from ".partial".
  const child = spawn(binary.path, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    stderr = (stderr + text).slice(-4000);
  });
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    // out_time_us (out_time_ms in older builds, also microseconds despite its name).
    const m = /^out_time_(?:us|ms)=(\d+)/.exec(line);
    if (m) run.onProgress?.(Math.min(Number(m[1]) / 1e6, run.durationSec), run.durationSec);
  });
  let killTimer: NodeJS.Timeout | undefined;
  const stop = () => {
    child.kill('SIGTERM');
    killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
  };
  run.signal?.addEventListener('abort', stop, { once: true });
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (exitCode) => resolve(exitCode));
    });
    run.signal?.throwIfAborted();
    if (code !== 0) {
      const why = stderr.trim().split('\n').pop() ?? `exit code ${code}`;
      throw new UsageError(`ffmpeg could not convert ${run.input}: ${why}`);
    }
    await rename(partial, run.output);
    run.onProgress?.(run.durationSec, run.durationSec);
  } catch (error) {
    await rm(partial, { force: true });
    // Missing, or not executable (an npm install that skipped the package's chmod script).
    const code = (error as NodeJS.ErrnoException).code;
    if ((code === 'ENOENT' || code === 'EACCES') && !(error instanceof UsageError))
      throw new UsageError(`ffmpeg could not be started (${binary.path}: ${code}).`, {
        cause: error,
        hint: 'install ffmpeg (apt install ffmpeg, brew install ffmpeg), or set AGORAS_FFMPEG to one',
      });
    throw error;
  } finally {
    clearTimeout(killTimer);
    run.signal?.removeEventListener('abort', stop);
    lines.close();
  }
}
