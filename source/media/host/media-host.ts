import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, copyFile, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type Dispatcher, request } from 'undici';
import { UsageError } from '../../shared/errors.js';
import { shellWord } from '../../shared/shell-quote.js';
import { cacheDir } from '../convert/cache.js';

/**
 * Where the person's verified domain serves files from: a directory their web server serves, or a
 * command that uploads one file (rclone, aws s3 cp, scp…), and the public URL prefix of either.
 */
export interface MediaHost {
  dir?: string;
  /** `{file}` and `{name}` are replaced by agoras-made values only: a cache path and a content hash. */
  cmd?: string;
  url: string;
  /** Keep the copies once the post is done (default: a host dir's copies are removed). */
  keep?: boolean;
}

export interface HostedFile {
  name: string;
  url: string;
  size: number;
}

function run(cmd: string, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', cmd], { stdio: ['ignore', 'ignore', 'pipe'], signal });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-2000);
    });
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve();
      else {
        const why = stderr.trim().split('\n').pop() || `exit code ${code}`;
        reject(new UsageError(`The media host command failed: ${why}`, { fix: { kind: 'media-host' } }));
      }
    });
  });
}

/**
 * Puts a photo where the verified domain serves it, under a content-addressed name (the SHA-256 of
 * its bytes and its type's extension): the same photo is one file however often it is posted, and
 * no name a person typed ever reaches a path or a command.
 */
export async function hostFile(
  file: string,
  ext: 'jpg' | 'webp',
  host: MediaHost,
  signal?: AbortSignal,
): Promise<HostedFile> {
  const bytes = await readFile(file);
  const name = `${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}.${ext}`;
  const url = new URL(name, host.url.endsWith('/') ? host.url : `${host.url}/`).href;
  if (host.dir) {
    const target = join(host.dir, name);
    const there = await stat(target).catch(() => undefined);
    if (there?.size !== bytes.length) {
      await copyFile(file, target);
      // The web server reads it as its own user: a copy of a private (0600) cache file would be 403.
      await chmod(target, 0o644);
    }
  } else if (host.cmd) {
    // The command gets a copy under its content name in our cache, never the person's own path.
    const staged = join(cacheDir(), 'hosted');
    await mkdir(staged, { recursive: true, mode: 0o700 });
    const path = join(staged, name);
    await copyFile(file, path);
    await run(host.cmd.replaceAll('{file}', shellWord(path)).replaceAll('{name}', name), signal);
  }
  return { name, url, size: bytes.length };
}

/** Removes a host dir's copy once the post is done (a host command's copies stay: it has no remove). */
export async function unhostFile(hosted: HostedFile, host: MediaHost): Promise<void> {
  if (host.dir && !host.keep) await rm(join(host.dir, hosted.name), { force: true });
}

/**
 * Asks the hosted URL, as TikTok will, before anything is posted: it must answer 200 with an image
 * of the size just put there. A wrong URL prefix, a server that does not serve the dir, a CDN not yet
 * in sync: each is one line now instead of TikTok's photo_pull_failed later.
 */
export async function checkHosted(
  hosted: HostedFile,
  dispatcher: Dispatcher,
  signal?: AbortSignal,
): Promise<void> {
  const fail = (what: string) =>
    new UsageError(`The media host does not serve ${hosted.name}: HEAD ${hosted.url} ${what}.`, {
      fix: { kind: 'media-host' },
    });
  let reply: Awaited<ReturnType<typeof request>>;
  try {
    reply = await request(hosted.url, { method: 'HEAD', dispatcher, ...(signal ? { signal } : {}) });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw fail(`failed (${(error as Error).message})`);
  }
  await reply.body.dump();
  if (reply.statusCode !== 200) throw fail(`answered ${reply.statusCode}`);
  const type = String(reply.headers['content-type'] ?? '');
  if (!type.startsWith('image/')) throw fail(`answered ${type || 'no Content-Type'}, not an image`);
  const length = Number(reply.headers['content-length']);
  if (reply.headers['content-length'] !== undefined && length !== hosted.size)
    throw fail(`says ${length} bytes; the photo has ${hosted.size}`);
}
