import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A Content Posting API failure: answered with TikTok's envelope and this HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** An OAuth endpoint failure: answered with TikTok's flat {error, error_description, log_id}. */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

/** A log_id shaped like TikTok's: a UTC timestamp followed by hex. */
export function newLogId(): string {
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  return `${stamp}${randomBytes(10).toString('hex').toUpperCase()}`;
}

/** Write a complete response unless one was already started. */
export function sendText(
  res: ServerResponse,
  status: number,
  body: string,
  contentType: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': String(Buffer.byteLength(body)),
    ...headers,
  });
  res.end(body);
}

/** TikTok's bad-parameter reply: `400 invalid_params` (plural, as real replies and the v2 error page spell it). */
export function invalidParams(message: string): ApiError {
  return new ApiError(400, 'invalid_params', message);
}

/**
 * Send TikTok's envelope. `dataJson` is JSON text so callers can splice raw int64 numbers into it.
 * The `X-Tt-Logid` header carries the same id as the body's `error.log_id`, as TikTok's replies do.
 */
export function sendEnvelopeJson(
  res: ServerResponse,
  status: number,
  dataJson: string,
  code = 'ok',
  message = '',
  headers: Record<string, string> = {},
): void {
  const logId = newLogId();
  const error = JSON.stringify({ code, message, log_id: logId });
  const body = `{"data":${dataJson},"error":${error}}`;
  sendText(res, status, body, 'application/json; charset=UTF-8', { 'X-Tt-Logid': logId, ...headers });
}

/** Send a success envelope around plain data. */
export function sendData(res: ServerResponse, data: unknown): void {
  sendEnvelopeJson(res, 200, JSON.stringify(data));
}

/** Send an error envelope (data is an empty object, as TikTok does). */
export function sendApiError(res: ServerResponse, err: ApiError): void {
  sendEnvelopeJson(res, err.status, '{}', err.code, err.message, err.headers);
}

/** Send a flat OAuth error body; its log_id is also the `X-Tt-Logid` header. */
export function sendOAuthError(
  res: ServerResponse,
  err: OAuthError,
  headers: Record<string, string> = {},
): void {
  const logId = newLogId();
  const body = JSON.stringify({ error: err.error, error_description: err.description, log_id: logId });
  sendText(res, err.status, body, 'application/json; charset=UTF-8', { 'X-Tt-Logid': logId, ...headers });
}

/** Read a small request body whole; bigger than `limit` → 400 invalid_params. */
export async function readSmallBody(req: IncomingMessage, limit = 1024 * 1024): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of req as AsyncIterable<Buffer>) {
    size += part.length;
    if (size > limit) throw invalidParams('Request body is too large.');
    parts.push(part);
  }
  return Buffer.concat(parts);
}

/** The media type of a request without parameters, lowercased ('' when absent). */
export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Escape text for HTML pages. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Wait, for slow-server faults. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
