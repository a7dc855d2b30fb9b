import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import type { MediaHost } from '../media/host/media-host.js';
import { UsageError } from '../shared/errors.js';
import type { Runtime } from './runtime.js';

/**
 * The media host is saved once, beside the file store's config (`media-host.json`, 0600): later
 * runs, the wizard and cron find it without the flags. A Redis store keeps no file: give the flags
 * (or their environment twins) on every host.
 */
export function mediaHostFile(runtime: Runtime): string | undefined {
  const location = runtime.store.location;
  return isAbsolute(location) ? join(dirname(location), 'media-host.json') : undefined;
}

export async function savedMediaHost(runtime: Runtime): Promise<MediaHost | undefined> {
  const path = mediaHostFile(runtime);
  if (!path) return undefined;
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (!text) return undefined;
  try {
    const saved = JSON.parse(text) as MediaHost;
    return typeof saved.url === 'string' && (saved.dir || saved.cmd) ? saved : undefined;
  } catch {
    throw new UsageError(`${path} is not valid JSON.`, {
      hint: 'fix it, or delete it and set the media host again',
    });
  }
}

/** Saves the media host; returns where, or undefined when the store keeps no file. */
export async function saveMediaHost(runtime: Runtime, host: MediaHost): Promise<string | undefined> {
  const path = mediaHostFile(runtime);
  if (!path) return undefined;
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, `${JSON.stringify(host, null, 2)}\n`, { mode: 0o600 });
  return path;
}

/** A media host as a person gave it, checked: one line for what is wrong (names no flag). */
export async function checkMediaHost(host: {
  dir?: string;
  cmd?: string;
  url?: string;
}): Promise<string | undefined> {
  const { stat } = await import('node:fs/promises');
  if (!host.url || !/^https?:\/\/[^/]/i.test(host.url)) return 'The URL prefix must be an http(s) URL.';
  if (host.cmd !== undefined && !host.cmd.includes('{file}'))
    return "The upload command must name the file as {file} (e.g. 'rclone copyto {file} r2:bucket/{name}').";
  if (host.dir !== undefined) {
    const info = await stat(host.dir).catch(() => undefined);
    if (!info?.isDirectory()) return `${host.dir} is not a directory.`;
  }
  return undefined;
}
