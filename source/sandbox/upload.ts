import type { IncomingMessage, ServerResponse } from 'node:http';
import { plannedChunkLength } from './chunk-rules.js';
import type { SandboxContext } from './context.js';
import { respondWithFault } from './faults.js';
import { ApiError, invalidParams, mediaType, sendText, sleep } from './http.js';
import { Spool } from './media/index.js';
import { growHead } from './media-check.js';
import { judgeAndFinish } from './publish.js';
import type { UploadTask } from './state.js';

/** The path of upload URLs, as on TikTok's upload host. */
export const UPLOAD_PATH = '/video/';

const VIDEO_TYPES = ['video/mp4', 'video/quicktime', 'video/webm'];
/** Bytes of an upload allowed to wait for the disk before the request is paused. */
const SPOOL_BACKLOG = 8 * 1024 * 1024;

/** `bytes FIRST-LAST/TOTAL`, or undefined when malformed. */
export function parseContentRange(
  header: string | undefined,
): { first: number; last: number; total: number } | undefined {
  const m = /^bytes (\d{1,12})-(\d{1,12})\/(\d{1,12})$/.exec(header ?? '');
  if (!m) return undefined;
  const [first, last, total] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return first <= last && last < total ? { first, last, total } : undefined;
}

/** What the server holds, as 206, 201 and 416 replies say it: `bytes 0-LAST/TOTAL` (`bytes *\/TOTAL` when empty). */
function heldRange(upload: UploadTask): string {
  return upload.received_bytes === 0
    ? `bytes */${upload.video_size}`
    : `bytes 0-${upload.received_bytes - 1}/${upload.video_size}`;
}

/** Check the request line and headers; returns the upload and the index of the chunk being sent. */
function checkHeaders(
  ctx: SandboxContext,
  req: IncomingMessage,
  url: URL,
): { upload: UploadTask; index: number; length: number } {
  const upload = ctx.state.uploads.get(url.searchParams.get('upload_id') ?? '');
  if (!upload || upload.upload_token !== url.searchParams.get('upload_token')) {
    throw new ApiError(404, 'upload_not_found', 'No upload task for this URL.');
  }
  if (upload.expires_at <= Date.now())
    throw new ApiError(403, 'upload_url_expired', 'The upload URL has expired.');
  if (!VIDEO_TYPES.includes(mediaType(req)))
    throw invalidParams('Content-Type must be video/mp4, video/quicktime or video/webm.');
  const range = parseContentRange(req.headers['content-range']);
  if (!range) throw invalidParams('Content-Range must be "bytes FIRST-LAST/TOTAL".');
  if (range.total !== upload.video_size) throw invalidParams('Content-Range TOTAL must equal video_size.');
  const lengthHeader = req.headers['content-length'];
  if (lengthHeader === undefined || !/^\d+$/.test(lengthHeader))
    throw invalidParams('Content-Length is required.');
  const length = Number(lengthHeader);
  if (length !== range.last - range.first + 1)
    throw invalidParams('Content-Length does not match Content-Range.');
  if (upload.busy || range.first !== upload.received_bytes) {
    throw new ApiError(
      416,
      'range_not_satisfiable',
      'Chunks must be sent in order, from the first byte missing.',
      {
        'Content-Range': heldRange(upload),
      },
    );
  }
  const index = upload.chunks_received;
  const planned = plannedChunkLength(upload.video_size, upload.chunk_size, upload.total_chunk_count, index);
  if (length !== planned) throw invalidParams(`Chunk ${index} must be exactly ${planned} bytes.`);
  return { upload, index, length };
}

/** PUT upload_url: one chunk, streamed and hashed, accepted only when every byte arrived. */
export async function handleUpload(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const { upload, index, length } = checkHeaders(ctx, req, url);
  const fault = ctx.faults.take('upload', index);
  const action = fault?.action ?? 'respond';
  if (fault && action === 'respond') {
    respondWithFault(res, fault);
    return;
  }
  upload.busy = true;
  try {
    if (fault && action === 'delay') await sleep(fault.delayMs ?? 1000);
    // The client went away while the reply was held back (killed): its 'close' is already past.
    if (req.destroyed) return;
    const resetAt = fault && action === 'reset' ? (fault.afterBytes ?? 0) : undefined;
    // Work on a copy of the running hash so a chunk that never completes leaves no trace.
    const hash = upload.hash.copy();
    let head = upload.head;
    let got = 0;
    // The bytes go to disk as they come (positioned, so a retried chunk overwrites a failed one).
    // The request waits for the disk only when it falls behind: the reply must not wait on it, or a
    // client that half-closes after its body (as some do) would lose its 201.
    const spool = spoolOf(ctx, upload);
    const complete = await new Promise<boolean>((resolve) => {
      req.on('data', (part: Buffer) => {
        if (resetAt !== undefined && got + part.length > resetAt) {
          req.socket.destroy();
          resolve(false);
          return;
        }
        const written = spool.write(upload.received_bytes + got, part);
        if (spool.pendingBytes > SPOOL_BACKLOG) {
          req.pause();
          written.then(
            () => req.resume(),
            () => req.destroy(),
          );
        }
        got += part.length;
        hash.update(part);
        head = growHead(head, part);
      });
      req.on('end', () => resolve(true));
      req.on('error', () => resolve(false));
      req.on('close', () => resolve(req.complete));
    });
    if (!complete || got !== length) return;
    upload.hash = hash;
    upload.head = head;
    upload.received_bytes += got;
    upload.chunks_received++;
    upload.content_type = mediaType(req);
    await acceptChunk(ctx, upload, res);
  } finally {
    upload.busy = false;
  }
}

/** Each upload's bytes on disk, deleted once judged, or when the sandbox closes. */
const spools = new WeakMap<UploadTask, { spool: Spool; guard: AbortController }>();

function spoolOf(ctx: SandboxContext, upload: UploadTask): Spool {
  let held = spools.get(upload);
  if (!held) {
    const spool = new Spool();
    const guard = new AbortController();
    guard.signal.addEventListener('abort', () => void spool.discard());
    ctx.pulls.add(guard);
    held = { spool, guard };
    spools.set(upload, held);
  }
  return held.spool;
}

async function acceptChunk(ctx: SandboxContext, upload: UploadTask, res: ServerResponse): Promise<void> {
  const record = ctx.state.publishes.get(upload.publish_id)!;
  record.uploaded_bytes = upload.received_bytes;
  // 206 (more to come) and 201 (complete) both say what the server now holds, as TikTok does.
  const held = { 'Content-Range': heldRange(upload) };
  if (upload.received_bytes < upload.video_size) {
    sendText(res, 206, '', 'text/plain', held);
    return;
  }
  record.sha256 = upload.hash.digest('hex');
  if (upload.content_type) record.content_type = upload.content_type;
  sendText(res, 201, '', 'text/plain', held);
  // Like TikTok, the 201 comes at once and the checks after it, while the status says
  // PROCESSING_UPLOAD: the sandbox judges the whole file on its own reader, then moves the publish on.
  const spool = spoolOf(ctx, upload);
  await judgeAndFinish(ctx, record, spool, upload.video_size);
  const spooled = spools.get(upload);
  if (spooled) ctx.pulls.delete(spooled.guard);
}
