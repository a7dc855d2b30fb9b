import { lookup } from 'node:dns/promises';
import { type AddressKind, addressKind, INTERNAL_KINDS, nameKind } from '../shared/address.js';
import { UsageError } from '../shared/errors.js';
import type { Http } from '../shared/http.js';
import type { PostJob } from '../shared/post-job.js';
import { isUrl } from './video-source.js';

/** True for jobs whose media someone else named (a feed entry, a sheet cell), not the user. */
export function fromSource(job: PostJob): boolean {
  return job.origin?.kind === 'feed' || job.origin?.kind === 'sheet';
}

/**
 * The internal address kinds media named by a source at `url` may use: the kind the source itself
 * lives on (a feed on localhost may name media on localhost, not on 169.254.169.254), or all of
 * them when the user said so.
 */
export async function kindsAllowedFrom(
  url: string | undefined,
  allowPrivate: boolean,
): Promise<AddressKind[]> {
  if (allowPrivate) return [...INTERNAL_KINDS];
  if (!url) return [];
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return [];
  }
  const literal = nameKind(host);
  const kinds = literal
    ? [literal]
    : (await lookup(host, { all: true }).catch(() => [])).map((a) => addressKind(a.address) ?? 'public');
  return [...new Set(kinds.filter((k) => k !== 'public'))];
}

/**
 * The publish dependencies for one job: a feed's or a sheet's media go through the guarded
 * dispatcher, and are only ever URLs (a local path is allowed only where the user typed it).
 */
export function withSourceMedia<D extends { http: Http }>(job: PostJob, deps: D): D {
  if (!fromSource(job)) return deps;
  const media = job.kind === 'video' ? [job.media] : job.images;
  for (const m of media) {
    if (!isUrl(m)) {
      throw new UsageError(`'${m}' from the ${job.origin?.kind} is not an http(s) URL; not posted.`);
    }
  }
  return { ...deps, http: { ...deps.http, media: deps.http.guarded(job.origin?.addresses ?? []) } };
}
