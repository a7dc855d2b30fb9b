import type { SandboxContext } from './context.js';
import { detectImage } from './media-check.js';
import { finishPublish } from './publish.js';
import { PullError, streamGet } from './pull.js';
import type { PublishRecord, PulledImage } from './state.js';

/** TikTok's photo limit, "20 MB", read as MiB like the video limits. */
export const MAX_PHOTO_BYTES = 20 * 1024 * 1024;

async function pullOne(
  ctx: SandboxContext,
  record: PublishRecord,
  url: URL,
  image: PulledImage,
): Promise<void> {
  const before = record.downloaded_bytes;
  const got = await streamGet(ctx, url, { bytes: MAX_PHOTO_BYTES, head: 16 }, (n) => {
    record.downloaded_bytes = before + n;
    image.bytes = n;
  });
  image.bytes = got.bytes;
  image.sha256 = got.sha256;
  // Magic bytes decide, not Content-Type: an HTML error page served as image/jpeg is still not a photo.
  const format = detectImage(got.head);
  if (!format) throw new PullError('Not a JPEG, PNG or WebP image.');
  image.format = format;
}

/** Pull every photo in order in the background; any failure fails the publish with photo_pull_failed. */
export function pullPhotos(ctx: SandboxContext, record: PublishRecord, urls: URL[]): void {
  record.images = urls.map((u) => ({ url: u.href, bytes: 0 }));
  const run = async () => {
    for (const [i, url] of urls.entries()) await pullOne(ctx, record, url, record.images![i]!);
  };
  run().then(
    () => finishPublish(ctx, record),
    () => finishPublish(ctx, record, 'photo_pull_failed'),
  );
}
