import type { SandboxContext } from './context.js';
import { judgeImage } from './media/index.js';
import { finishPublish } from './publish.js';
import { PullError, streamGet } from './pull.js';
import type { PublishRecord, PulledImage } from './state.js';

/** TikTok's photo limit, "20 MB", read as MiB like the video limits. */
export const MAX_PHOTO_BYTES = 20 * 1024 * 1024;
/** Enough of a photo to find its size: a JPEG's SOF can sit after large EXIF, ICC or XMP segments. */
const PHOTO_HEAD = 4 * 1024 * 1024;

/** Pull one photo; returns the fail_reason TikTok gives it once downloaded (format, size), if any. */
async function pullOne(
  ctx: SandboxContext,
  record: PublishRecord,
  url: URL,
  image: PulledImage,
): Promise<string | undefined> {
  const before = record.downloaded_bytes;
  const got = await streamGet(ctx, url, { bytes: MAX_PHOTO_BYTES, head: PHOTO_HEAD }, (n) => {
    record.downloaded_bytes = before + n;
    image.bytes = n;
  });
  image.bytes = got.bytes;
  image.sha256 = got.sha256;
  // Magic bytes decide, not Content-Type: an HTML error page served as image/jpeg is still not a photo.
  const verdict = judgeImage(got.head);
  if (!verdict.format) throw new PullError('Not an image.');
  if (verdict.format === 'jpeg' || verdict.format === 'png' || verdict.format === 'webp') {
    image.format = verdict.format;
  }
  return verdict.fail_reason;
}

/**
 * Pull every photo in order in the background. A pull that fails fails the publish with
 * photo_pull_failed; a photo TikTok would not take (PNG, over 1080p) with its check's fail_reason,
 * the first one found, without saying which photo it was (TikTok does not either).
 */
export function pullPhotos(ctx: SandboxContext, record: PublishRecord, urls: URL[]): void {
  record.images = urls.map((u) => ({ url: u.href, bytes: 0 }));
  const run = async () => {
    let failReason: string | undefined;
    for (const [i, url] of urls.entries()) {
      const reason = await pullOne(ctx, record, url, record.images![i]!);
      failReason ??= reason;
    }
    return failReason;
  };
  run().then(
    (failReason) => finishPublish(ctx, record, failReason),
    () => finishPublish(ctx, record, 'photo_pull_failed'),
  );
}
