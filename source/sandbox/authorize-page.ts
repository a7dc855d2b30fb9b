import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { redirectAllowed } from './clients.js';
import type { SandboxContext } from './context.js';
import { escapeHtml, mediaType, readSmallBody, sendText } from './http.js';
import type { ConsentRequest } from './state.js';

const KNOWN_SCOPES = [
  'user.info.basic',
  'user.info.profile',
  'user.info.stats',
  'video.list',
  'video.publish',
  'video.upload',
];
const CODE_TTL_MS = 10 * 60 * 1000;

class RedirectableError extends Error {
  constructor(
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem}
button{font-size:1rem;padding:.5rem 1.5rem;margin-right:.5rem}</style></head><body>${body}</body></html>`;
}

function errorPage(res: ServerResponse, message: string): void {
  const html = page('TikTok sandbox: error', `<h1>Something went wrong</h1><p>${escapeHtml(message)}</p>`);
  sendText(res, 400, html, 'text/html; charset=utf-8');
}

function redirect(res: ServerResponse, redirectUri: string, params: Record<string, string>): void {
  res.writeHead(302, { Location: `${redirectUri}?${new URLSearchParams(params)}`, 'Content-Length': '0' });
  res.end();
}

// TikTok's codes hold characters that must be URL-decoded ('*', '!'); clients that skip decoding fail here too.
function newCode(): string {
  const a = randomBytes(24).toString('base64url');
  const b = randomBytes(12).toString('base64url');
  return `${a}*3!${b}`;
}

function approve(
  ctx: SandboxContext,
  res: ServerResponse,
  request: Omit<ConsentRequest, 'id' | 'expires_at'>,
): void {
  const code = newCode();
  ctx.state.codes.set(code, {
    code,
    client_key: request.client_key,
    redirect_uri: request.redirect_uri,
    scopes: request.scopes,
    code_challenge: request.code_challenge,
    code_challenge_method: request.code_challenge_method,
    expires_at: Date.now() + CODE_TTL_MS,
    used: false,
  });
  redirect(res, request.redirect_uri, { code, scopes: request.scopes.join(','), state: request.state });
}

function deny(res: ServerResponse, redirectUri: string, state: string): void {
  redirect(res, redirectUri, {
    error: 'access_denied',
    error_description: 'The user denied the authorization request.',
    state,
  });
}

interface CheckedParams {
  scopes: string[];
  state: string;
  challenge: string;
  method: string;
}

/**
 * What the page itself refuses: response_type, scopes (known ones, at least one: an inbox-only app asks
 * for just video.upload) and state. The PKCE challenge is only recorded here; TikTok checks it at the
 * token step, against the verifier.
 */
function checkParams(q: URLSearchParams): CheckedParams {
  if (q.get('response_type') !== 'code')
    throw new RedirectableError('invalid_request', 'response_type must be code.');
  const scopes = (q.get('scope') ?? '').split(',').filter((s) => s !== '');
  const unknown = scopes.find((s) => !KNOWN_SCOPES.includes(s));
  if (unknown) throw new RedirectableError('invalid_scope', `Unknown scope: ${unknown}.`);
  if (scopes.length === 0) throw new RedirectableError('invalid_scope', 'scope is required.');
  const state = q.get('state') ?? '';
  if (!state) throw new RedirectableError('invalid_request', 'state is required.');
  return {
    scopes,
    state,
    challenge: q.get('code_challenge') ?? '',
    method: q.get('code_challenge_method') ?? '',
  };
}

function consentPage(ctx: SandboxContext, request: ConsentRequest): string {
  const scopes = request.scopes.map((s) => `<li><code>${escapeHtml(s)}</code></li>`).join('');
  const form = (decision: string, label: string) =>
    `<form method="post" style="display:inline"><input type="hidden" name="request_id" value="${request.id}">` +
    `<input type="hidden" name="decision" value="${decision}"><button type="submit"${decision === 'approve' ? ' autofocus' : ''}>${label}</button></form>`;
  return page(
    'TikTok sandbox: authorize',
    `<p>TikTok <strong>sandbox</strong> — nothing here reaches the real TikTok.</p>
<h1>Authorize as ${escapeHtml(ctx.state.creator.creator_nickname)}?</h1>
<p>@${escapeHtml(ctx.state.creator.creator_username)} is asked to grant:</p><ul>${scopes}</ul>
${form('approve', 'Approve')}${form('deny', 'Deny')}`,
  );
}

/** GET /v2/auth/authorize/: validate, then consent page, or redirect at once with autoConsent. */
export function handleAuthorize(ctx: SandboxContext, res: ServerResponse, url: URL): void {
  const q = url.searchParams;
  // Until client and redirect_uri are known good, errors stay on this page: never redirect blindly.
  const client = ctx.clients.get(q.get('client_key') ?? '');
  if (!client) {
    errorPage(res, 'Unknown client_key.');
    return;
  }
  const redirectUri = q.get('redirect_uri') ?? '';
  if (!redirectAllowed(client, redirectUri)) {
    errorPage(
      res,
      client.redirect_uris.length > 0
        ? 'redirect_uri is not one of the redirect URIs registered for this app.'
        : 'redirect_uri is not a registered loopback URI (http(s)://127.0.0.1|localhost:PORT/path).',
    );
    return;
  }
  let checked: ReturnType<typeof checkParams>;
  try {
    checked = checkParams(q);
  } catch (err) {
    if (!(err instanceof RedirectableError)) throw err;
    redirect(res, redirectUri, {
      error: err.error,
      error_description: err.message,
      state: q.get('state') ?? '',
    });
    return;
  }
  if (ctx.faults.takeConsentDenial()) {
    deny(res, redirectUri, checked.state);
    return;
  }
  const request = {
    client_key: client.client_key,
    redirect_uri: redirectUri,
    scopes: checked.scopes,
    state: checked.state,
    code_challenge: checked.challenge,
    code_challenge_method: checked.method,
  };
  if (ctx.options.autoConsent) {
    approve(ctx, res, request);
    return;
  }
  const pending: ConsentRequest = {
    ...request,
    id: randomBytes(16).toString('hex'),
    expires_at: Date.now() + CODE_TTL_MS,
  };
  ctx.state.consents.set(pending.id, pending);
  sendText(res, 200, consentPage(ctx, pending), 'text/html; charset=utf-8', { 'Cache-Control': 'no-store' });
}

/** POST /v2/auth/authorize/: the consent page's Approve or Deny button. */
export async function handleConsent(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (mediaType(req) !== 'application/x-www-form-urlencoded') {
    errorPage(res, 'Expected a form post.');
    return;
  }
  const form = new URLSearchParams((await readSmallBody(req, 16 * 1024)).toString('utf8'));
  const pending = ctx.state.consents.get(form.get('request_id') ?? '');
  if (!pending || pending.expires_at <= Date.now()) {
    errorPage(res, 'This authorization request has expired.');
    return;
  }
  ctx.state.consents.delete(pending.id);
  if (form.get('decision') === 'approve') {
    approve(ctx, res, pending);
    return;
  }
  deny(res, pending.redirect_uri, pending.state);
}
