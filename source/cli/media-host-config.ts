import { resolve } from 'node:path';
import { checkMediaHost, savedMediaHost, saveMediaHost } from '../core/media-host-config.js';
import type { MediaHost } from '../core/photo-host.js';
import type { Runtime } from '../core/runtime.js';
import { UsageError } from '../shared/errors.js';
import type { Reporter } from '../shared/reporter.js';
import type { ParsedArgs } from './flags.js';

/**
 * The media host for local photos: the --media-host-… flags (then saved for later runs), else the
 * saved one. Undefined when there is none (a local photo is then refused, saying how to set one).
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
  if (dir === undefined && cmd === undefined && url === undefined) {
    const saved = await savedMediaHost(runtime);
    return saved && typeof keep === 'boolean' ? { ...saved, keep } : saved;
  }
  if (!url || (!dir && !cmd))
    throw new UsageError(
      'A media host needs --media-host-url and one of --media-host-dir or --media-host-cmd.',
    );
  if (dir && cmd) throw new UsageError('Give --media-host-dir or --media-host-cmd, not both.');
  const problem = await checkMediaHost({ url, ...(dir ? { dir } : { cmd: cmd! }) });
  if (problem) throw new UsageError(`Media host: ${problem}`);
  const host: MediaHost = { url, ...(dir ? { dir: resolve(dir) } : { cmd: cmd! }), keep: keep === true };
  const where = await saveMediaHost(runtime, host);
  if (where) reporter.info(`Saved the media host in ${where}: later runs use it without the flags.`);
  return host;
}
