import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import type { Sandbox } from '../../source/sandbox/index.js';
import type { StatusData, TokenResponse } from '../../source/tiktok/types.js';

/** Read a committed media fixture from test/fixtures/. */
export function fixture(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url));
}

/** The PKCE vector from TikTok's desktop guide (hex challenge, not base64url). */
export const PKCE_VECTOR = {
  verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
  challenge: '13d31e961a1ad8ec2f16b10c4c982e0876a878ad6df144566ee1894acb70f9c3',
};

/** A fresh 43+ char PKCE verifier. */
export function newVerifier(): string {
  return randomBytes(48).toString('base64url');
}

/** Lowercase hex SHA-256, as TikTok's desktop PKCE wants. */
export function hexSha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test responses are inspected field by field.
  json: any;
}

async function toResult(res: Awaited<ReturnType<typeof request>>): Promise<HttpResult> {
  const text = await res.body.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: res.headers as IncomingHttpHeaders, text, json };
}

/** POST a form to a sandbox OAuth endpoint ('token' or 'revoke'). */
export async function postForm(
  sandbox: Sandbox,
  endpoint: 'token' | 'revoke',
  form: Record<string, string>,
): Promise<HttpResult> {
  const res = await request(`${sandbox.urls.tiktokApiBaseUrl}/v2/oauth/${endpoint}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return toResult(res);
}

/** POST JSON to a Content Posting API path with a Bearer token. */
export async function api(
  sandbox: Sandbox,
  path: string,
  token: string | undefined,
  body?: unknown,
): Promise<HttpResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=UTF-8' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const res = await request(`${sandbox.urls.tiktokApiBaseUrl}${path}`, {
    method: 'POST',
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return toResult(res);
}

/** Build the authorize URL a desktop client would open. */
export function authorizeUrl(sandbox: Sandbox, params: Record<string, string> = {}): string {
  const q = new URLSearchParams({
    client_key: sandbox.clientKey,
    scope: 'user.info.basic,video.publish,video.upload',
    response_type: 'code',
    redirect_uri: 'http://127.0.0.1:53682/callback/',
    state: 'st-123',
    code_challenge: PKCE_VECTOR.challenge,
    code_challenge_method: 'S256',
    ...params,
  });
  return `${sandbox.urls.tiktokAuthUrl}?${q}`;
}

/** GET a URL without following redirects. */
export async function getRaw(url: string): Promise<HttpResult> {
  return toResult(await request(url, { method: 'GET' }));
}

/** Get a callback Location by approving: directly (autoConsent) or by posting the consent form. */
export async function consent(
  sandbox: Sandbox,
  url: string,
  decision: 'approve' | 'deny' = 'approve',
): Promise<URL> {
  const first = await getRaw(url);
  if (first.status === 302) return new URL(first.headers.location as string);
  const id = /name="request_id" value="([0-9a-f]+)"/.exec(first.text)?.[1];
  if (first.status !== 200 || !id)
    throw new Error(`authorize answered ${first.status}: ${first.text.slice(0, 200)}`);
  const res = await request(sandbox.urls.tiktokAuthUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request_id: id, decision }).toString(),
  });
  await res.body.dump();
  return new URL(res.headers.location as string);
}

/** The whole PKCE round trip in code; returns the tokens plus what was used to get them. */
export async function authorizeSandbox(
  sandbox: Sandbox,
  options: { scopes?: string[]; redirectUri?: string } = {},
): Promise<TokenResponse & { code: string; verifier: string; redirectUri: string }> {
  const verifier = newVerifier();
  const redirectUri = options.redirectUri ?? 'http://127.0.0.1:53682/callback/';
  const scope = (options.scopes ?? ['user.info.basic', 'video.publish', 'video.upload']).join(',');
  const params = { redirect_uri: redirectUri, scope, code_challenge: hexSha256(verifier) };
  const callback = await consent(sandbox, authorizeUrl(sandbox, params));
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`authorize failed: ${callback.href}`);
  const res = await postForm(sandbox, 'token', {
    client_key: sandbox.clientKey,
    client_secret: sandbox.clientSecret,
    code,
    grant_type: 'authorization_code',
    redirect_uri: redirectUri,
    code_verifier: verifier,
  });
  if (res.status !== 200) throw new Error(`token exchange failed: ${res.text}`);
  return { ...(res.json as TokenResponse), code, verifier, redirectUri };
}

/** A file to serve: bytes (Content-Type guessed from the name) or a full response. */
export type ServedFile =
  | Buffer
  | { body?: Buffer | string; contentType?: string; status?: number; headers?: Record<string, string> };

const TYPES: Record<string, string> = {
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};

/** A tiny static server on 127.0.0.1:0 with HEAD, Content-Length, Content-Type and single Range support. */
export async function serveFiles(files: Record<string, ServedFile>): Promise<{
  baseUrl: string;
  url(path: string): string;
  requests: { method: string; path: string; range?: string }[];
  close(): Promise<void>;
}> {
  const requests: { method: string; path: string; range?: string }[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push({
      method: req.method ?? '',
      path,
      ...(req.headers.range ? { range: req.headers.range } : {}),
    });
    const file = files[path];
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const spec = Buffer.isBuffer(file) ? { body: file } : file;
    const body = typeof spec.body === 'string' ? Buffer.from(spec.body) : (spec.body ?? Buffer.alloc(0));
    const type = spec.contentType ?? TYPES[path.split('.').pop() ?? ''] ?? 'application/octet-stream';
    const headers: Record<string, string> = {
      'content-type': type,
      'accept-ranges': 'bytes',
      ...spec.headers,
    };
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    let status = spec.status ?? 200;
    let slice = body;
    if (range && status === 200) {
      const start = Number(range[1]);
      const end = range[2] ? Math.min(Number(range[2]), body.length - 1) : body.length - 1;
      slice = body.subarray(start, end + 1);
      status = 206;
      headers['content-range'] = `bytes ${start}-${end}/${body.length}`;
    }
    headers['content-length'] = String(slice.length);
    res.writeHead(status, headers);
    res.end(req.method === 'HEAD' ? undefined : slice);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    url: (path) => `${baseUrl}${path}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * The head of every fake video: a real faststart MP4 (test/fixtures/media/dur-3s.mp4: H.264,
 * 360x640, 24 fps, 3 s; ftyp, moov, then its mdat), whose mdat is stretched to the fake's size.
 * Its samples stay where the moov says, so the sandbox (and TikTok) accept it as a 3 s video.
 */
const REAL_HEAD = readFileSync(new URL('../fixtures/media/dur-3s.mp4', import.meta.url));
const MDAT_AT = (() => {
  let at = 0;
  while (REAL_HEAD.toString('latin1', at + 4, at + 8) !== 'mdat') at += REAL_HEAD.readUInt32BE(at);
  return at;
})();
const HEADER_LENGTH = REAL_HEAD.length;
const PATTERN = (() => {
  // A fixed pseudo-random block of prime length so it never lines up with chunk boundaries.
  const out = Buffer.alloc(65_521);
  let x = 0x2545f491;
  for (let i = 0; i < out.length; i++) {
    x = (Math.imul(x, 1_103_515_245) + 12_345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
})();

function header(size: number): Buffer {
  const head = Buffer.from(REAL_HEAD);
  head.writeUInt32BE(Math.max(0, size - MDAT_AT), MDAT_AT);
  return head;
}

/** Bytes [start, end) of the deterministic fake video of `size` bytes, built without the rest. */
export function videoBytesRange(size: number, start: number, end: number): Buffer {
  const out = Buffer.alloc(end - start);
  const head = header(size);
  for (let i = start; i < Math.min(end, HEADER_LENGTH); i++) out[i - start] = head[i]!;
  let at = Math.max(start, HEADER_LENGTH);
  while (at < end) {
    const offset = at % PATTERN.length;
    const n = Math.min(PATTERN.length - offset, end - at);
    PATTERN.copy(out, at - start, offset, offset + n);
    at += n;
  }
  return out;
}

/** A deterministic fake MP4 of any size (≥ 3.6 kB): a real 3 s video whose mdat runs on in a fixed pattern. */
export function makeVideoBytes(size: number): Buffer {
  return videoBytesRange(size, 0, size);
}

/** SHA-256 of the fake video of `size` bytes, computed a chunk at a time. */
export function videoSha256(size: number, step = 8 * 1024 * 1024): string {
  const hash = createHash('sha256');
  for (let at = 0; at < size; at += step) hash.update(videoBytesRange(size, at, Math.min(size, at + step)));
  return hash.digest('hex');
}

/** PUT one chunk to an upload_url the way TikTok's Media Transfer Guide says. */
export async function putChunk(
  uploadUrl: string,
  bytes: Buffer,
  first: number,
  total: number,
  contentType = 'video/mp4',
): Promise<HttpResult> {
  const res = await request(uploadUrl, {
    method: 'PUT',
    headers: {
      'content-type': contentType,
      'content-length': String(bytes.length),
      'content-range': `bytes ${first}-${first + bytes.length - 1}/${total}`,
    },
    body: bytes,
  });
  return toResult(res);
}

/** Poll status/fetch until the status is final (or `until` matches); returns the data and the raw text. */
export async function waitForStatus(
  sandbox: Sandbox,
  token: string,
  publishId: string,
  until: (status: string) => boolean = (s) => !s.startsWith('PROCESSING'),
  timeoutMs = 5000,
): Promise<{ data: StatusData; text: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await api(sandbox, '/v2/post/publish/status/fetch/', token, { publish_id: publishId });
    if (res.status !== 200) throw new Error(`status/fetch answered ${res.status}: ${res.text}`);
    if (until(res.json.data.status) || Date.now() > deadline) return { data: res.json.data, text: res.text };
    await new Promise((r) => setTimeout(r, 25));
  }
}
