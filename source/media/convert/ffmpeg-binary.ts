import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { UsageError } from '../../shared/errors.js';

/** Which ffmpeg converts: the one on PATH (the system's, kept up to date by its package manager),
 * else the static build that comes from the npm registry as `@ffmpeg-installer/ffmpeg`. */
export interface FfmpegBinary {
  path: string;
  from: 'PATH' | 'npm';
}

const NAME = process.platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg';

async function onPath(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, NAME);
    if (
      await access(candidate, constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return candidate;
  }
  return undefined;
}

function fromNpm(): string | undefined {
  try {
    // Resolved at run time, never bundled: the package finds its per-platform binary itself.
    const req = createRequire(import.meta.url);
    return (req('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  } catch {
    // Not installed (an optional dependency) or no build for this platform: it throws a string.
    return undefined;
  }
}

/**
 * The ffmpeg to run. `AGORAS_FFMPEG` names one outright (and an empty PATH search is how the tests
 * prove the npm fallback works on a machine without ffmpeg).
 */
export async function findFfmpeg(env: NodeJS.ProcessEnv = process.env): Promise<FfmpegBinary> {
  if (env.AGORAS_FFMPEG) return { path: env.AGORAS_FFMPEG, from: 'PATH' };
  const system = await onPath(env);
  if (system) return { path: system, from: 'PATH' };
  const bundled = fromNpm();
  if (bundled) return { path: bundled, from: 'npm' };
  throw new UsageError('Converting a video needs ffmpeg, and none was found.', {
    hint: 'install ffmpeg (apt install ffmpeg, brew install ffmpeg, winget install ffmpeg) and run again',
  });
}
