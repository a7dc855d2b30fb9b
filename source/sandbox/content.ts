import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readApiRequest } from './bearer.js';
import type { SandboxContext } from './context.js';
import { ApiError, invalidParams, sendData } from './http.js';
import { pullPhotos } from './photo-pull.js';
import { checkMayPost, creatorView } from './policy.js';
import { newPublishId } from './publish.js';
import { pullVideo } from './pull.js';
import type { AccessTokenRecord, PublishKind, PublishRecord } from './state.js';
import { UPLOAD_PATH } from './upload.js';
import { checkInboxInit, checkPhotoInit, checkPullUrl, checkVideoInit } from './validate.js';

/** POST /v2/post/publish/creator_info/query/ */
export async function handleCreatorInfo(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  // creator_info takes no parameters; whatever a client sends in the body is ignored, as TikTok does.
  await readApiRequest(ctx, req, { scopes: ['video.publish'], bucket: 'creator_info' });
  sendData(res, creatorView(ctx));
}

function createRecord(
  ctx: SandboxContext,
  token: AccessTokenRecord,
  fields: Pick<PublishRecord, 'kind' | 'post_mode' | 'media_type' | 'source_info'> &
    Partial<Pick<PublishRecord, 'post_info' | 'interactions'>>,
): PublishRecord {
  const record: PublishRecord = {
    ...fields,
    publish_id: newPublishId(fields),
    open_id: token.open_id,
    client_key: token.client_key,
    access_token: token.token,
    status: fields.source_info.source === 'FILE_UPLOAD' ? 'PROCESSING_UPLOAD' : 'PROCESSING_DOWNLOAD',
    post_ids: [],
    created_at: Date.now(),
    uploaded_bytes: 0,
    downloaded_bytes: 0,
  };
  const forced = ctx.faults.takeFailReason();
  if (forced) record.forced_fail_reason = forced;
  ctx.state.publishes.set(record.publish_id, record);
  return record;
}

function startVideo(
  ctx: SandboxContext,
  token: AccessTokenRecord,
  kind: PublishKind,
  init: Partial<Pick<PublishRecord, 'post_info' | 'interactions'>> & { source_info: Record<string, unknown> },
): Record<string, string> {
  const sourceInfo = init.source_info;
  const pullUrl =
    sourceInfo.source === 'PULL_FROM_URL'
      ? checkPullUrl(sourceInfo.video_url as string, 'video_url')
      : undefined;
  const record = createRecord(ctx, token, {
    ...init,
    kind,
    post_mode: kind === 'inbox_video' ? 'MEDIA_UPLOAD' : 'DIRECT_POST',
    media_type: 'VIDEO',
  });
  if (pullUrl) {
    pullVideo(ctx, record, pullUrl);
    return { publish_id: record.publish_id };
  }
  const uploadId = randomBytes(12).toString('hex');
  const uploadToken = randomBytes(24).toString('base64url');
  ctx.state.uploads.set(uploadId, {
    upload_id: uploadId,
    upload_token: uploadToken,
    publish_id: record.publish_id,
    expires_at: Date.now() + ctx.options.uploadUrlTtlSec * 1000,
    video_size: sourceInfo.video_size as number,
    chunk_size: sourceInfo.chunk_size as number,
    total_chunk_count: sourceInfo.total_chunk_count as number,
    received_bytes: 0,
    chunks_received: 0,
    hash: createHash('sha256'),
    head: Buffer.alloc(0),
    busy: false,
  });
  record.upload_id = uploadId;
  // Shaped like TikTok's, which is on its upload host: https://open-upload.tiktokapis.com/video/?upload_id=…&upload_token=…
  const upload_url = `${ctx.baseUrl}${UPLOAD_PATH}?upload_id=${uploadId}&upload_token=${uploadToken}`;
  return { publish_id: record.publish_id, upload_url };
}

/** POST /v2/post/publish/video/init/ */
export async function handleVideoInit(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { token, body } = await readApiRequest(ctx, req, { scopes: ['video.publish'], bucket: 'video_init' });
  checkMayPost(ctx, token, 'DIRECT_POST');
  sendData(res, startVideo(ctx, token, 'video', checkVideoInit(body, creatorView(ctx))));
}

/** POST /v2/post/publish/inbox/video/init/ */
export async function handleInboxInit(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { token, body } = await readApiRequest(ctx, req, { scopes: ['video.upload'], bucket: 'inbox_init' });
  checkMayPost(ctx, token, 'MEDIA_UPLOAD');
  sendData(res, startVideo(ctx, token, 'inbox_video', checkInboxInit(body)));
}

/** POST /v2/post/publish/content/init/ */
export async function handlePhotoInit(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  // The scope needed depends on post_mode, which is only known once the body is read: either passes here.
  const { token, body } = await readApiRequest(ctx, req, {
    scopes: ['video.publish', 'video.upload'],
    bucket: 'photo_init',
  });
  const mode = (body as { post_mode?: unknown } | undefined)?.post_mode;
  // A post_mode TikTok does not know is a bad parameter, said before any scope is looked at.
  if (mode !== 'DIRECT_POST' && mode !== 'MEDIA_UPLOAD') {
    throw invalidParams('post_mode must be DIRECT_POST or MEDIA_UPLOAD.');
  }
  const needed = mode === 'DIRECT_POST' ? 'video.publish' : 'video.upload';
  if (!token.scopes.includes(needed)) {
    throw new ApiError(401, 'scope_not_authorized', `The user did not authorize the scope ${needed}.`);
  }
  checkMayPost(ctx, token, mode);
  const init = checkPhotoInit(body, creatorView(ctx));
  const urls = init.images.map((u, i) => checkPullUrl(u, `photo_images[${i}]`));
  const record = createRecord(ctx, token, {
    kind: 'photo',
    post_mode: init.post_mode,
    media_type: 'PHOTO',
    source_info: init.source_info,
    post_info: init.post_info,
    interactions: init.interactions,
  });
  pullPhotos(ctx, record, urls);
  sendData(res, { publish_id: record.publish_id });
}
