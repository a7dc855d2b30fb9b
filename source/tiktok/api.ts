import { type Dispatcher, request } from 'undici';
import { AgorasError, CancelledError } from '../shared/errors.js';
import { parseRetryAfter } from '../shared/http.js';
import { networkError } from '../shared/http-errors.js';
import { apiError } from './errors.js';
import { replyText } from './reply-body.js';

/** Keeps int64 post ids as strings: JSON.parse would round them past 2^53. */
export function parseKeepingBigIds(text: string): unknown {
  const safe = text.replace(
    /("publicaly_available_post_id"\s*:\s*\[)([^\]]*)\]/g,
    (_m, head: string, list: string) => {
      const items = list
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
        .map((item) => (item.startsWith('"') ? item : `"${item}"`));
      return `${head}${items.join(',')}]`;
    },
  );
  return JSON.parse(safe);
}

interface Envelope<T> {
  data?: T;
  error?: { code?: string; message?: string; log_id?: string };
}

/** POSTs JSON to a Content Posting endpoint (or GETs a Display one) and unwraps TikTok's envelope; any code but "ok" throws. */
export async function postJson<T>(
  baseUrl: string,
  path: string,
  accessToken: string,
  body: unknown,
  dispatcher: Dispatcher,
  signal?: AbortSignal,
  method: 'POST' | 'GET' = 'POST',
): Promise<T> {
  let status: number;
  let text: string;
  let retryAfter: string | string[] | undefined;
  try {
    const res = await request(new URL(path, baseUrl), {
      method,
      dispatcher,
      signal,
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json; charset=UTF-8' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    status = res.statusCode;
    retryAfter = res.headers['retry-after'];
    text = await replyText(res, 'TikTok');
  } catch (error) {
    if (error instanceof AgorasError) throw error;
    if (signal?.aborted) throw new CancelledError();
    throw networkError('TikTok', error);
  }
  let parsed: Envelope<T>;
  try {
    const value = parseKeepingBigIds(text);
    // Any field may be missing or null: a reply that is not an object is an empty envelope.
    parsed = (typeof value === 'object' && value !== null ? value : {}) as Envelope<T>;
  } catch {
    throw apiError('internal_error', `unreadable reply (HTTP ${status})`, status >= 400 ? status : 502);
  }
  const error = typeof parsed.error === 'object' && parsed.error !== null ? parsed.error : {};
  const code =
    typeof error.code === 'string' && error.code ? error.code : status === 200 ? 'ok' : 'internal_error';
  if (code !== 'ok' || status >= 300) {
    const wait = parseRetryAfter(typeof retryAfter === 'string' ? retryAfter : undefined);
    throw apiError(code, typeof error.message === 'string' ? error.message : '', status, wait);
  }
  if (typeof parsed.data !== 'object' || parsed.data === null)
    throw new AgorasError(`TikTok answered ${path} without data.`, 1);
  return parsed.data;
}
