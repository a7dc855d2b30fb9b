import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { MediaHost } from '../core/photo-host.js';
import type { Runtime } from '../core/runtime.js';
import { UsageError } from '../shared/errors.js';
import type { Reporter } from '../shared/reporter.js';
import type { ParsedArgs } from './flags.js';

/** Saved beside the file store's config, once: later runs find it without the flags. */
function savedPath(runtime: Runtime): string | undefined {
  const location = runtime.store.location;
  return isAbsolute(location) ? join(dirname(location), 'media-host.json') : undefined;
}

async function readSaved(path: string | undefined): Promise<MediaHost | undefined> {
  if (!path) return undefined;
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (!text) return undefined;
  try {
    const saved = JSON.parse(text) as MediaHost;
    return typeof saved.url === 'string' && (saved.dir || saved.cmd) ? saved : undefined;
  } catch {
    throw new UsageError(`${path} is not valid JSON.`, {
      hint: 'fix it, or delete it and pass the --media-host-… flags again',
    });
  }
}

/**
 * The media host for local photos: the --media-host-… flags (then saved, 0600, for later runs),
 * else the saved one. Undefined when there is none (a local photo is then refused, saying how).
 */
export async function mediaHostFrom(
  values: ParsedArgs['values'],
  runtime: Runtime,
  reporter: Reporter,
): Promise<MediaHost | undefined> {
  const dir = values['media-host-dir'];
  const cmd = values['media-host-cmd'];
  const url = values['media-host-url'];
  const keep = values['media-host-keep'];
  const path = savedPath(runtime);
  if (dir === undefined && cmd === undefined && url === undefined) {
    const saved = await readSaved(path);
    return saved && typeof keep === 'boolean' ? { ...saved, keep } : saved;
  }
  if (!url || (!dir && !cmd))
    throw new UsageError(
      'A media host needs --media-host-url and one of --media-host-dir or --media-host-cmd.',
    );
  if (dir && cmd) throw new UsageError('Give --media-host-dir or --media-host-cmd, not both.');
  if (!/^https?:\/\/[^/]/i.test(url))
    throw new UsageError(`--media-host-url must be an http(s) URL; got '${url}'.`);
  if (cmd && !cmd.includes('{file}'))
    throw new UsageError(
      "--media-host-cmd must name the file as {file} (e.g. 'rclone copyto {file} r2:bucket/{name}').",
    );
  if (dir) {
    const info = await stat(dir).catch(() => undefined);
    if (!info?.isDirectory()) throw new UsageError(`--media-host-dir ${dir} is not a directory.`);
  }
  const host: MediaHost = { url, ...(dir ? { dir: resolve(dir) } : { cmd: cmd! }), keep: keep === true };
  if (path) {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFile(path, `${JSON.stringify(host, null, 2)}\n`, { mode: 0o600 });
    reporter.info(`Saved the media host in ${path}: later runs use it without the flags.`);
  }
  return host;
}
