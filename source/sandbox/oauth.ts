import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ClientConfig, checkClientSecret } from './clients.js';
import type { SandboxContext } from './context.js';
import { mediaType, newLogId, OAuthError, readSmallBody, sendText } from './http.js';
import type { AuthCodeRecord } from './state.js';
import type { TokenResponse } from './wire-types.js';

const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/** The PKCE challenge TikTok's desktop flow documents: lowercase hex SHA-256 of the verifier. */
export function hexChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('hex');
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  if (mediaType(req) !== 'application/x-www-form-urlencoded') {
    throw new OAuthError(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded.');
  }
  return new URLSearchParams((await readSmallBody(req, 64 * 1024)).toString('utf8'));
}

function required(form: URLSearchParams, name: string): string {
  const value = form.get(name);
  if (!value) throw new OAuthError(400, 'invalid_request', `Missing parameter: ${name}.`);
  return value;
}

function checkClient(ctx: SandboxContext, form: URLSearchParams): ClientConfig {
  return checkClientSecret(ctx.clients, required(form, 'client_key'), required(form, 'client_secret'));
}

/** Mint an access/refresh pair for the sandbox creator. */
export function issueTokens(ctx: SandboxContext, clientKey: string, scopes: string[]): TokenResponse {
  const now = Date.now();
  const { accessTokenTtlSec, refreshTokenTtlSec } = ctx.options;
  const access = `act.${randomBytes(30).toString('base64url')}!sbx`;
  const refresh = `rft.${randomBytes(30).toString('base64url')}!sbx`;
  const open_id = ctx.state.open_id;
  ctx.state.accessTokens.set(access, {
    token: access,
    open_id,
    client_key: clientKey,
    scopes,
    expires_at: now + accessTokenTtlSec * 1000,
    revoked: false,
    refresh_token: refresh,
  });
  ctx.state.refreshTokens.set(refresh, {
    token: refresh,
    open_id,
    client_key: clientKey,
    scopes,
    expires_at: now + refreshTokenTtlSec * 1000,
    revoked: false,
    access_token: access,
  });
  return {
    access_token: access,
    expires_in: accessTokenTtlSec,
    open_id,
    refresh_expires_in: refreshTokenTtlSec,
    refresh_token: refresh,
    scope: scopes.join(','),
    token_type: 'Bearer',
  };
}

/**
 * PKCE is checked here, where TikTok checks it, not on the authorize page: the authorize request must have
 * sent an S256 challenge, the verifier must be well formed, and its lowercase hex SHA-256 (TikTok's
 * desktop flavour, not RFC 7636 base64url) must equal the challenge.
 */
function checkPkce(code: AuthCodeRecord, verifier: string): void {
  if (!VERIFIER.test(verifier)) {
    throw new OAuthError(
      400,
      'invalid_request',
      'code_verifier must be 43-128 characters of [A-Za-z0-9-._~].',
    );
  }
  if (!code.code_challenge) {
    throw new OAuthError(400, 'invalid_request', 'The authorize request carried no code_challenge.');
  }
  if (code.code_challenge_method !== 'S256') {
    throw new OAuthError(400, 'invalid_request', 'code_challenge_method must be S256.');
  }
  if (hexChallenge(verifier) !== code.code_challenge) {
    throw new OAuthError(400, 'invalid_grant', 'code_verifier does not match code_challenge.');
  }
}

function exchangeCode(ctx: SandboxContext, form: URLSearchParams, client: ClientConfig): TokenResponse {
  const clientKey = client.client_key;
  const codeText = required(form, 'code');
  const redirectUri = required(form, 'redirect_uri');
  // TikTok: code_verifier is "required for mobile and desktop app only". A web app that did send a
  // challenge anyway is held to it.
  const pkce = client.type === 'desktop' || ctx.state.codes.get(codeText)?.code_challenge;
  const verifier = pkce ? required(form, 'code_verifier') : undefined;
  const code = ctx.state.codes.get(codeText);
  if (!code || code.client_key !== clientKey)
    throw new OAuthError(400, 'invalid_grant', 'Authorization code is invalid.');
  if (code.used) throw new OAuthError(400, 'invalid_grant', 'Authorization code has already been used.');
  if (code.expires_at <= Date.now())
    throw new OAuthError(400, 'invalid_grant', 'Authorization code has expired.');
  if (redirectUri !== code.redirect_uri) {
    throw new OAuthError(400, 'invalid_grant', 'redirect_uri does not match the authorize request.');
  }
  if (verifier !== undefined) checkPkce(code, verifier);
  code.used = true;
  return issueTokens(ctx, clientKey, code.scopes);
}

function rotate(ctx: SandboxContext, form: URLSearchParams, clientKey: string): TokenResponse {
  const old = ctx.state.refreshTokens.get(required(form, 'refresh_token'));
  if (!old || old.client_key !== clientKey || old.revoked) {
    throw new OAuthError(400, 'invalid_grant', 'Refresh token is invalid or has been revoked.');
  }
  if (old.expires_at <= Date.now()) throw new OAuthError(400, 'invalid_grant', 'Refresh token has expired.');
  // Rotation, as TikTok documents it: the old refresh token dies the moment a new one is issued. The old
  // access token is not revoked: it works until its own expiry (TikTok documents no revocation of it).
  old.revoked = true;
  return issueTokens(ctx, clientKey, old.scopes);
}

/** TikTok's client access tokens live 2 h ("Client Access Token Management"). */
const CLIENT_TOKEN_TTL_SEC = 7200;

/**
 * grant_type=client_credentials: an app-level token for the app itself, no user. It proves the client key
 * and secret are right (a wrong pair is 401 invalid_client at once), and it opens no user endpoint: it is
 * not kept among the user access tokens, so a Content Posting call bearing it is 401 access_token_invalid.
 */
function clientToken(ctx: SandboxContext): Record<string, unknown> {
  const token = `clt.${randomBytes(30).toString('base64url')}!sbx`;
  ctx.state.clientTokens.set(token, { token, expires_at: Date.now() + CLIENT_TOKEN_TTL_SEC * 1000 });
  return { access_token: token, expires_in: CLIENT_TOKEN_TTL_SEC, token_type: 'Bearer' };
}

/** POST /v2/oauth/token/ */
export async function handleToken(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const form = await readForm(req);
  const grant = required(form, 'grant_type');
  if (grant !== 'authorization_code' && grant !== 'refresh_token' && grant !== 'client_credentials') {
    throw new OAuthError(400, 'unsupported_grant_type', `Unsupported grant_type: ${grant}.`);
  }
  const client = checkClient(ctx, form);
  const body =
    grant === 'client_credentials'
      ? clientToken(ctx)
      : grant === 'authorization_code'
        ? exchangeCode(ctx, form, client)
        : rotate(ctx, form, client.client_key);
  sendText(res, 200, JSON.stringify(body), 'application/json; charset=UTF-8', {
    'Cache-Control': 'no-store',
  });
}

/** POST /v2/oauth/revoke/: the access token and its refresh token stop working; success has an empty body. */
export async function handleRevoke(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const form = await readForm(req);
  const clientKey = checkClient(ctx, form).client_key;
  const access = ctx.state.accessTokens.get(required(form, 'token'));
  // Like RFC 7009, an unknown token is not an error: the caller wanted it gone and it is.
  if (access && access.client_key === clientKey) {
    const wasLive = !access.revoked;
    access.revoked = true;
    const refresh = ctx.state.refreshTokens.get(access.refresh_token);
    if (refresh) refresh.revoked = true;
    // reason 5: the developer revoked the authorization (TikTok's authorization.removed reasons).
    if (wasLive) ctx.events.authorizationRemoved(clientKey, access.open_id, 5);
  }
  // TikTok answers a successful revoke with 200 and nothing in the body: clients must not expect JSON.
  res.writeHead(200, { 'Content-Length': '0', 'X-Tt-Logid': newLogId() });
  res.end();
}
