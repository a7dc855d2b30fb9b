import { stat } from 'node:fs/promises';
import { convertImage, planLocalImage } from '../media/convert/convert-image.js';
import {
  checkHosted,
  type HostedFile,
  hostFile,
  type MediaHost,
  unhostFile,
} from '../media/host/media-host.js';
import {
  fileReader,
  formatFacts,
  type ImageFacts,
  inspectImage,
  type MediaRefusal,
  refusalLine,
} from '../media/inspect/index.js';
import { fileError, isUrl } from '../media/video-source.js';
import { UsageError } from '../shared/errors.js';
import type { Http } from '../shared/http.js';
import type { PhotoJob } from '../shared/post-job.js';
import { type Reporter, silentReporter } from '../shared/reporter.js';
import type { MediaFixPolicy } from './fix-media-types.js';

export type { MediaHost };

const FIXABLE = new Set(['image-format', 'image-dimensions', 'image-size']);

async function inspectLocal(path: string, signal?: AbortSignal): Promise<ImageFacts | MediaRefusal> {
  const reader = fileReader(path);
  try {
    return await inspectImage(reader, { label: path, ...(signal ? { signal } : {}) });
  } finally {
    await reader.close().catch(() => {});
  }
}

/** The conversion a local photo would need, when the preflight refuses it for a reason one fixes. */
export async function photoOffer(path: string) {
  const found = await inspectLocal(path);
  if (found.ok || !FIXABLE.has(found.rule)) return undefined;
  const plan = await planLocalImage(path);
  if (!plan.fixable) return undefined;
  return {
    refusal: refusalLine(path, { ...found, fix: undefined }),
    changes: plan.changes,
    result: plan.result,
  };
}

/** A local photo TikTok takes as it is, or its converted copy (with consent); else the refusal. */
async function postablePhoto(path: string, policy: MediaFixPolicy, reporter: Reporter, signal?: AbortSignal) {
  const found = await inspectLocal(path, signal);
  if (found.ok) return { path, ext: found.format === 'JPEG' ? ('jpg' as const) : ('webp' as const) };
  const line = refusalLine(path, { ...found, fix: undefined });
  if (!FIXABLE.has(found.rule)) throw new UsageError(refusalLine(path, found));
  const plan = await planLocalImage(path);
  if (!plan.fixable)
    throw new UsageError(`${line.replace(/\.$/, '')}. A conversion cannot fix it: ${plan.why}.`);
  const offer = {
    kind: 'image' as const,
    input: path,
    refusal: line,
    changes: plan.changes,
    result: plan.result,
    remux: false,
  };
  const { consent } = policy;
  const yes = consent === 'convert' || (typeof consent === 'function' && (await consent(offer)));
  if (!yes) throw new UsageError(line, { fix: { kind: 'fix-media', changes: plan.changes.join(', ') } });
  reporter.step(`Converting ${path}: ${plan.changes.join(', ')}`);
  const { output } = await convertImage(path, plan, {
    ...(signal ? { signal } : {}),
    ...(policy.env ? { env: policy.env } : {}),
  });
  const again = await inspectLocal(output, signal);
  if (!again.ok)
    throw new UsageError(`The converted copy of ${path} is still refused: ${refusalLine(output, again)}`);
  return { path: output, ext: plan.format === 'jpeg' ? ('jpg' as const) : ('webp' as const) };
}

/** A local photo without a media host: refused in one line, saying why and how to set one. */
export function requireMediaHost(job: PhotoJob, host: MediaHost | undefined): void {
  const local = job.images.find((image) => !isUrl(image));
  if (local && !host) {
    throw new UsageError(
      `${local} is a local file, and TikTok takes photos only from a URL on a domain verified for your app.`,
      { fix: { kind: 'media-host' } },
    );
  }
}

export interface HostedPhotos {
  job: PhotoJob;
  /** Once TikTok is done with them (pulled, or failed): a host dir's copies go unless kept. */
  release(): Promise<void>;
}

/**
 * TikTok pulls photos only from URLs on a domain verified for the app: a local photo is converted
 * if it must be (with consent), put on the person's media host under a content-addressed name, and
 * its URL asked with a HEAD before the post is created. Without a media host it is refused, saying
 * why and how to set one.
 */
export async function hostLocalPhotos(
  job: PhotoJob,
  host: MediaHost | undefined,
  deps: { http: Http; reporter: Reporter; policy: MediaFixPolicy; signal?: AbortSignal },
): Promise<HostedPhotos> {
  const local = job.images.filter((image) => !isUrl(image));
  if (local.length === 0 || !host) {
    requireMediaHost(job, host);
    return { job, release: async () => {} };
  }
  const hosted: HostedFile[] = [];
  const images: string[] = [];
  for (const image of job.images) {
    if (isUrl(image)) {
      images.push(image);
      continue;
    }
    const photo = await postablePhoto(image, deps.policy, deps.reporter, deps.signal);
    deps.reporter.step(`Putting ${image} on the media host`);
    const file = await hostFile(photo.path, photo.ext, host, deps.signal);
    await checkHosted(file, deps.http.media, deps.signal);
    deps.reporter.info(`${image} → ${file.url}`);
    hosted.push(file);
    images.push(file.url);
  }
  return {
    job: { ...job, images },
    release: async () => {
      for (const file of hosted) await unhostFile(file, host).catch(() => {});
    },
  };
}

/** The wizard's check of a local photo: what the preflight found, or its refusal as an error. */
export async function checkLocalImage(path: string, signal?: AbortSignal) {
  await stat(path).catch((error: unknown) => {
    throw fileError(path, error);
  });
  const found = await inspectLocal(path, signal);
  if (!found.ok) throw new UsageError(refusalLine(path, found));
  return { size: found.sizeBytes, summary: formatFacts(found) };
}

/** Converts a refused local photo now (the wizard's fix key); resolves to the copy's path. */
export async function convertLocalPhoto(path: string, signal?: AbortSignal): Promise<string> {
  const converted = await postablePhoto(path, { consent: 'convert' }, silentReporter, signal);
  return converted.path;
}
