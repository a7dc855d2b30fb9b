import { createHash } from 'node:crypto';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { MAX_VIDEO_SIZE } from './chunk-rules.js';
import type { SandboxContext } from './context.js';
import { Spool } from './media/index.js';
import { growHead } from './media-check.js';
import { finishPublish, judgeAndFinish } from './publish.js';
import type { PublishRecord } from './state.js';

/** Why a pull failed: becomes video_pull_failed / photo_pull_failed. */
export class PullError extends Error {}

/** What a pull received: counted and hashed as it streamed, plus the first bytes for format checks. */
export interface Pulled {
  bytes: number;
  sha256: string;
  head: Buffer;
  contentType: string | undefined;
}

const IDLE_TIMEOUT_MS = 30_000;

/**
 * GET a URL the way TikTok's fetcher does: no redirects followed, a 2xx required, at most `limit` bytes.
 * Never buffers more than `head` bytes; with a `spool`, the whole body goes to disk as it arrives.
 */
export function streamGet(
  ctx: SandboxContext,
  url: URL,
  limits: { bytes: number; head: number; spool?: Spool },
  onProgress: (bytes: number) => void,
): Promise<Pulled> {
  const controller = new AbortController();
  ctx.pulls.add(controller);
  const get = url.protocol === 'https:' ? httpsGet : httpGet;
  const pulled = new Promise<Pulled>((resolve, reject) => {
    const req = get(url, { signal: controller.signal, headers: { 'User-Agent': 'tiktok-sandbox-fetcher' } });
    req.setTimeout(IDLE_TIMEOUT_MS, () => req.destroy(new PullError('The server went quiet.')));
    req.on('error', reject);
    req.on('response', (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      if (status < 200 || status > 299) {
        res.resume();
        reject(
          new PullError(
            `HTTP ${status}${status >= 300 && status < 400 ? ' (redirects are not followed)' : ''}`,
          ),
        );
        return;
      }
      const hash = createHash('sha256');
      let head: Buffer = Buffer.alloc(0);
      let bytes = 0;
      let written = Promise.resolve();
      res.on('data', (part: Buffer) => {
        if (limits.spool) {
          // One part in memory at a time: the download waits for the disk.
          written = limits.spool.write(bytes, part);
          res.pause();
          written.then(
            () => res.resume(),
            (error: unknown) => req.destroy(error as Error),
          );
        }
        bytes += part.length;
        if (bytes > limits.bytes) {
          req.destroy(new PullError('The file is too large.'));
          return;
        }
        hash.update(part);
        head = growHead(head, part, limits.head);
        onProgress(bytes);
      });
      res.on('error', reject);
      res.on('close', () => {
        if (!res.complete) reject(new PullError('The connection closed before the whole body arrived.'));
      });
      res.on('end', () =>
        written.then(
          () =>
            resolve({ bytes, sha256: hash.digest('hex'), head, contentType: res.headers['content-type'] }),
          reject,
        ),
      );
    });
  });
  return pulled.finally(() => ctx.pulls.delete(controller));
}

/** Pull a PULL_FROM_URL video in the background; the record moves on when it is done. */
export function pullVideo(ctx: SandboxContext, record: PublishRecord, url: URL): void {
  const spool = new Spool();
  streamGet(ctx, url, { bytes: MAX_VIDEO_SIZE, head: 0, spool }, (n) => {
    record.downloaded_bytes = n;
  }).then(
    async (got) => {
      record.downloaded_bytes = got.bytes;
      record.sha256 = got.sha256;
      if (got.contentType) record.content_type = got.contentType;
      await judgeAndFinish(ctx, record, spool, got.bytes);
    },
    async () => {
      await spool.discard();
      finishPublish(ctx, record, 'video_pull_failed');
    },
  );
}
