import { createHash } from 'node:crypto';
import { mkdir, open, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { edgeHash } from '../source-identity.js';
import { fileError } from '../video-source.js';

/** Bumped when a conversion's output would differ for the same arguments (so old results are not reused). */
const CONVERTER_VERSION = 1;

/**
 * Where converted media lives: `AGORAS_CACHE_DIR`, else the platform's cache directory
 * (XDG_CACHE_HOME or ~/.cache on Linux, ~/Library/Caches on macOS, %LOCALAPPDATA% on Windows).
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.AGORAS_CACHE_DIR) return resolve(env.AGORAS_CACHE_DIR);
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'agoras');
  if (process.platform === 'win32')
    return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'agoras', 'Cache');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'agoras');
}

/**
 * The cache file for `source` converted by `recipe`: named by the source's identity (its path, size,
 * mtime and a hash of its first and last MiB) and the recipe, so a rerun — or a resumed upload —
 * finds the same file, and an edited source gets a new one.
 */
export async function convertedPath(
  source: string,
  recipe: unknown,
  ext: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const path = resolve(source);
  const handle = await open(path, 'r').catch((error: unknown) => {
    throw fileError(source, error);
  });
  let identity: unknown;
  try {
    const info = await handle.stat();
    identity = { path, size: info.size, mtimeMs: info.mtimeMs, edge: await edgeHash(handle, info.size) };
  } finally {
    await handle.close();
  }
  const key = createHash('sha256')
    .update(JSON.stringify({ v: CONVERTER_VERSION, identity, recipe }))
    .digest('hex')
    .slice(0, 32);
  const dir = join(cacheDir(env), 'converted');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return join(dir, `${key}.${ext}`);
}

/** True when a finished conversion is already there (a partial one never carries the final name). */
export async function isCached(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile() && s.size > 0,
    () => false,
  );
}
