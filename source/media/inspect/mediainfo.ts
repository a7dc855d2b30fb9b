import { createRequire } from 'node:module';
import type { MediaInfo, MediaInfoResult } from 'mediainfo.js';

/**
 * MediaInfoLib (wasm), loaded on first use only: importing this module costs nothing, the first
 * analysis pays the wasm compile (tens of ms). One instance serves every analysis, one at a time.
 */
let instance: Promise<MediaInfo<'object'>> | undefined;
let queue: Promise<unknown> = Promise.resolve();

function load(): Promise<MediaInfo<'object'>> {
  instance ??= (async () => {
    // Loaded through node_modules at run time, never bundled: a bundler would pick the package's
    // browser build (its "module" export, which fetches its wasm), and the wasm must be found anyway.
    const req = createRequire(import.meta.url);
    const { default: mediaInfoFactory } = req('mediainfo.js') as typeof import('mediainfo.js');
    const wasm = req.resolve('mediainfo.js/MediaInfoModule.wasm');
    return mediaInfoFactory({ format: 'object', chunkSize: 16 * 1024, locateFile: () => wasm });
  })();
  instance.catch(() => {
    instance = undefined;
  });
  return instance;
}

/** Start compiling the wasm now (e.g. when a media step opens), so the first preflight is quick. */
export function preloadMediaInfo(): void {
  load().catch(() => {});
}

/** MediaInfoLib's report of `size` bytes read through `read`. */
export function analyze(
  size: number,
  read: (offset: number, length: number) => Promise<Uint8Array>,
): Promise<MediaInfoResult> {
  const run = queue.then(async () => {
    const mi = await load();
    // mediainfo.js replaces errors it does not recognise (an AbortError is a DOMException) with
    // "Unknown error": the reader's own error is kept and rethrown as it was.
    let failure: { error: unknown } | undefined;
    try {
      return await mi.analyzeData(size, (length, offset) =>
        read(offset, length).catch((error: unknown) => {
          failure = { error };
          throw error;
        }),
      );
    } catch (error) {
      throw failure ? failure.error : error;
    }
  });
  queue = run.catch(() => {});
  return run;
}
