import { setTimeout as sleep } from 'node:timers/promises';
import { type Dispatcher, request } from 'undici';
import { AgorasError } from '../shared/errors.js';
import type { Http } from '../shared/http.js';
import { networkError } from '../shared/http-errors.js';
import { oauthError } from './errors.js';
import { replyText } from './reply-body.js';
import type { TokenResponse } from './types.js';

export interface ClientCredentials {
  clientKey: string;
  clientSecret: string;
}

async function postForm(
  url: string,
  form: Record<string, string>,
  dispatcher: Dispatcher,
): Promise<{ status: number; body: Record<string, unknown> }> {
  try {
    const res = await request(url, {
      method: 'POST',
      dispatcher,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    const text = await replyText(res, "TikTok's login service");
    let body: Record<string, unknown> = {};
    try {
      // A successful revoke answers with an empty body.
      const value = text.trim() === '' ? {} : JSON.parse(text);
      body = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
    } catch {
      body = { error: 'server_error', error_description: `unreadable reply (HTTP ${res.statusCode})` };
    }
    return { status: res.statusCode, body };
  } catch (error) {
    if (error instanceof AgorasError) throw error;
    throw networkError("TikTok's login service", error);
  }
}

/** What a token call needs: its dispatcher, and the retry bounds for failures said in a 200's body. */
export type TokenHttp = Pick<Http, 'token' | 'retry'>;

/** Errors by which TikTok says it did not do the work: safe to ask again, as after a 503. */
const PASSING_ERRORS = new Set(['server_error', 'temporarily_unavailable']);

async function tokenCall(
  apiBaseUrl: string,
  creds: ClientCredentials,
  grant: Record<string, string>,
  http: TokenHttp,
): Promise<TokenResponse> {
  const form = { client_key: creds.clientKey, client_secret: creds.clientSecret, ...grant };
  const url = new URL('/v2/oauth/token/', apiBaseUrl).href;
  for (let attempt = 0; ; attempt++) {
    const { status, body } = await postForm(url, form, http.token);
    const error =
      typeof body.error === 'string' && body.error !== '' && body.error !== 'ok' ? body.error : '';
    // TikTok's token endpoint may say it failed in the body of an HTTP 200. The dispatcher retries a
    // passing failure that comes with 5xx or 429; one that comes with 200 is retried here, the same way.
    if (status < 300 && PASSING_ERRORS.has(error) && attempt < http.retry.maxRetries) {
      const ceiling = Math.min(http.retry.baseMs * 2 ** attempt, http.retry.maxMs);
      await sleep(Math.random() * ceiling);
      continue;
    }
    return tokenReply(status, body, error);
  }
}

function tokenReply(status: number, body: Record<string, unknown>, error: string): TokenResponse {
  if (error !== '') throw oauthError(error, String(body.error_description ?? ''), status);
  if (status !== 200 || typeof body.access_token !== 'string' || typeof body.refresh_token !== 'string') {
    throw oauthError('server_error', '', status >= 500 ? status : 502);
  }
  return body as unknown as TokenResponse;
}

/** Exchanges an authorization code (with its PKCE verifier) for tokens. */
export function exchangeCode(
  apiBaseUrl: string,
  creds: ClientCredentials,
  code: string,
  redirectUri: string,
  codeVerifier: string,
  http: TokenHttp,
): Promise<TokenResponse> {
  const grant = {
    code,
    grant_type: 'authorization_code',
    redirect_uri: redirectUri,
    code_verifier: codeVerifier,
  };
  return tokenCall(apiBaseUrl, creds, grant, http);
}

/** Trades a refresh token for new tokens; TikTok rotates the refresh token, so the caller must save it first. */
export function refreshTokens(
  apiBaseUrl: string,
  creds: ClientCredentials,
  refreshToken: string,
  http: TokenHttp,
): Promise<TokenResponse> {
  return tokenCall(apiBaseUrl, creds, { grant_type: 'refresh_token', refresh_token: refreshToken }, http);
}

/**
 * Asks TikTok whether the client key and secret are right, before anyone approves anything in a
 * browser: a client-credentials token request (TikTok's client access token) fails with
 * invalid_client for a wrong pair. Any other answer (a server that does not offer that grant, a
 * network blip) proves nothing and is left to the code exchange.
 */
export async function checkClientCredentials(
  apiBaseUrl: string,
  creds: ClientCredentials,
  dispatcher: Dispatcher,
): Promise<void> {
  let reply: { status: number; body: Record<string, unknown> };
  try {
    reply = await postForm(
      new URL('/v2/oauth/token/', apiBaseUrl).href,
      { client_key: creds.clientKey, client_secret: creds.clientSecret, grant_type: 'client_credentials' },
      dispatcher,
    );
  } catch {
    return;
  }
  if (reply.body.error === 'invalid_client') {
    throw oauthError('invalid_client', String(reply.body.error_description ?? ''), reply.status);
  }
}

/** Revokes an access token (and with it the app's access) at TikTok. */
export async function revokeToken(
  apiBaseUrl: string,
  creds: ClientCredentials,
  token: string,
  dispatcher: Dispatcher,
): Promise<void> {
  const { status, body } = await postForm(
    new URL('/v2/oauth/revoke/', apiBaseUrl).href,
    { client_key: creds.clientKey, client_secret: creds.clientSecret, token },
    dispatcher,
  );
  if (status !== 200 || (typeof body.error === 'string' && body.error !== '' && body.error !== 'ok')) {
    throw oauthError(String(body.error ?? 'server_error'), String(body.error_description ?? ''), status);
  }
}
