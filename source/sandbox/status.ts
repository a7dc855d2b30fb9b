import type { IncomingMessage, ServerResponse } from 'node:http';
import { readApiRequest } from './bearer.js';
import type { SandboxContext } from './context.js';
import { ApiError, sendEnvelopeJson } from './http.js';
import type { PublishRecord } from './state.js';
import { checkFields } from './validate.js';

const INT64 = /^\d{1,19}$/;

/**
 * The status data as JSON text. post ids are int64 above 2^53, so they are written as raw JSON
 * numbers by hand: JSON.stringify of a JS number would round them.
 *
 * `sparse` answers the way real TikTok replies can: only `status` (and `fail_reason` when FAILED), with
 * no byte counts and no post ids, e.g. `{"status":"PUBLISH_COMPLETE"}`. Absent means unknown, never 0.
 */
export function statusJson(record: PublishRecord, sparse = false): string {
  const data: Record<string, unknown> = { status: record.status };
  if (record.status === 'FAILED') data.fail_reason = record.fail_reason ?? 'internal';
  if (sparse) return JSON.stringify(data);
  if (record.source_info.source === 'FILE_UPLOAD') data.uploaded_bytes = record.uploaded_bytes;
  else data.downloaded_bytes = record.downloaded_bytes;
  const ids = record.post_ids.filter((id) => INT64.test(id)).join(',');
  const rest = JSON.stringify(data).slice(1, -1);
  return `{${rest},"publicaly_available_post_id":[${ids}]}`;
}

/** POST /v2/post/publish/status/fetch/ */
export async function handleStatus(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { token, body } = await readApiRequest(ctx, req, {
    scopes: ['video.publish', 'video.upload'],
    bucket: 'status',
  });
  const { publish_id } = checkFields(body, 'body', { publish_id: 'string' }, ['publish_id']);
  const record = ctx.state.publishes.get(publish_id as string);
  if (!record) throw new ApiError(400, 'invalid_publish_id', 'The publish_id does not exist.');
  // It exists, but another user started it: TikTok says so rather than "unknown".
  if (record.open_id !== token.open_id) {
    throw new ApiError(
      400,
      'token_not_authorized_for_specified_publish_id',
      'The access token is not authorized for this publish_id.',
    );
  }
  sendEnvelopeJson(res, 200, statusJson(record, ctx.options.sparse));
}
