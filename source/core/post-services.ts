import { isUrl } from '../media/video-source.js';
import { AgorasError } from '../shared/errors.js';
import { checkImageInput, checkVideoInput } from './check-media.js';
import { convertLocalVideo, previewConversions, videoFixOffer } from './fix-media.js';
import { checkMediaHost, savedMediaHost, saveMediaHost } from './media-host-config.js';
import { checkLocalImage, convertLocalPhoto, photoOffer } from './photo-host.js';
import { publishJob } from './publish.js';
import { publishDepsFor, type Runtime } from './runtime.js';
import type { MediaCheck, PostServices } from './service-types.js';

function failure(error: unknown): MediaCheck {
  return {
    ok: false,
    message: error instanceof AgorasError ? error.message : `Could not check it: ${(error as Error).message}`,
  };
}

/** Posts: check the media (and offer a conversion), the media host, convert, preview, publish. */
export function postServices(runtime: Runtime): PostServices {
  return {
    async checkVideo(input, creator, signal) {
      try {
        return { ok: true, ...(await checkVideoInput(input, creator, runtime.http, signal)) };
      } catch (error) {
        const refused = failure(error);
        // A local file a conversion fixes: the wizard offers it (its "f Fix it" key).
        const offer = isUrl(input) ? undefined : await videoFixOffer(input, creator).catch(() => undefined);
        return offer && !refused.ok ? { ...refused, fix: offer } : refused;
      }
    },
    async checkImage(url, signal) {
      try {
        if (!isUrl(url)) {
          try {
            return { ok: true, ...(await checkLocalImage(url, signal)) };
          } catch (error) {
            // A local photo a conversion fixes: the wizard offers it (its "f Fix it" key).
            const refused = failure(error);
            const offer = await photoOffer(url).catch(() => undefined);
            return offer && !refused.ok
              ? { ...refused, fix: { changes: offer.changes, result: offer.result } }
              : refused;
          }
        }
        return { ok: true, ...(await checkImageInput(url, runtime.http, signal)) };
      } catch (error) {
        return failure(error);
      }
    },
    mediaHost() {
      return savedMediaHost(runtime);
    },
    async saveMediaHost(host) {
      const problem = await checkMediaHost(host);
      if (problem) return problem;
      await saveMediaHost(runtime, host);
      return undefined;
    },
    fixVideo(input, creator, signal, onProgress) {
      return convertLocalVideo(input, creator, { signal, onProgress });
    },
    fixImage(input, signal) {
      return convertLocalPhoto(input, signal);
    },
    previewConversions(job, creator, options) {
      return previewConversions(job, creator, options);
    },
    async publish(username, job, reporter, signal, publishOptions = {}) {
      // Local photos go through the saved media host unless the caller names one.
      const host =
        job.kind === 'photo' && !publishOptions.mediaHost ? await savedMediaHost(runtime) : undefined;
      return publishJob(job, {
        ...(await publishDepsFor(runtime, username, reporter, signal)),
        ...(host ? { mediaHost: host } : {}),
        ...publishOptions,
      });
    },
  };
}
