import { type Dispatcher, request } from 'undici';
import { AgorasError } from '../shared/errors.js';
import { networkError, oauthError } from './errors.js';
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

async function tokenCall(
  apiBaseUrl: string,
  creds: ClientCredentials,
  grant: Record<string, string>,
  dispatcher: Dispatcher,
): Promise<TokenResponse> {
  const form = { client_key: creds.clientKey, client_secret: creds.clientSecret, ...grant };
  const { status, body } = await postForm(new URL('/v2/oauth/token/', apiBaseUrl).href, form, dispatcher);
  if (typeof body.error === 'string' && body.error !== '' && body.error !== 'ok') {
    throw oauthError(body.error, String(body.error_description ?? ''), status);
  }
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
  dispatcher: Dispatcher,
): Promise<TokenResponse> {
  const grant = {
    code,
    grant_type: 'authorization_code',
    redirect_uri: redirectUri,
    code_verifier: codeVerifier,
  };
  return tokenCall(apiBaseUrl, creds, grant, dispatcher);
}

/** Trades a refresh token for new tokens; TikTok rotates the refresh token, so the caller must save it first. */
export function refreshTokens(
  apiBaseUrl: string,
  creds: ClientCredentials,
  refreshToken: string,
  dispatcher: Dispatcher,
): Promise<TokenResponse> {
  return tokenCall(
    apiBaseUrl,
    creds,
    { grant_type: 'refresh_token', refresh_token: refreshToken },
    dispatcher,
  );
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
