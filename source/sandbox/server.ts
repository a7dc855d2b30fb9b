import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleAdmin } from './admin.js';
import { handleAuthorize, handleConsent } from './authorize-page.js';
import { handleCreatorInfo, handleInboxInit, handlePhotoInit, handleVideoInit } from './content.js';
import type { SandboxContext } from './context.js';
import { handleVideoList, handleVideoQuery } from './display.js';
import { respondWithFault } from './faults.js';
import { ApiError, OAuthError, sendApiError, sendOAuthError, sendText, sleep } from './http.js';
import { handleRevoke, handleToken } from './oauth.js';
import type { EndpointName } from './state.js';
import { handleStatus } from './status.js';
import { handleUpload, UPLOAD_PATH } from './upload.js';
import { handleUserInfo } from './user-info.js';

/** An extra route handler; returns true when it answered the request. */
export type ExtraHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) => boolean | Promise<boolean>;

interface Route {
  method: string;
  path: string;
  endpoint?: EndpointName;
  run(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, url: URL): void | Promise<void>;
}

/** Paths exactly as TikTok spells them, trailing slash included: a client that drops it gets a 404. */
const ROUTES: Route[] = [
  {
    method: 'GET',
    path: '/v2/auth/authorize/',
    endpoint: 'authorize',
    run: (c, _q, s, u) => handleAuthorize(c, s, u),
  },
  { method: 'POST', path: '/v2/auth/authorize/', run: (c, q, s) => handleConsent(c, q, s) },
  { method: 'POST', path: '/v2/oauth/token/', endpoint: 'token', run: handleToken },
  { method: 'POST', path: '/v2/oauth/revoke/', endpoint: 'revoke', run: handleRevoke },
  {
    method: 'POST',
    path: '/v2/post/publish/creator_info/query/',
    endpoint: 'creator_info',
    run: handleCreatorInfo,
  },
  { method: 'POST', path: '/v2/post/publish/video/init/', endpoint: 'video_init', run: handleVideoInit },
  {
    method: 'POST',
    path: '/v2/post/publish/inbox/video/init/',
    endpoint: 'inbox_init',
    run: handleInboxInit,
  },
  { method: 'POST', path: '/v2/post/publish/content/init/', endpoint: 'photo_init', run: handlePhotoInit },
  { method: 'POST', path: '/v2/post/publish/status/fetch/', endpoint: 'status', run: handleStatus },
  { method: 'PUT', path: UPLOAD_PATH, endpoint: 'upload', run: handleUpload },
  {
    method: 'GET',
    path: '/v2/user/info/',
    endpoint: 'user_info',
    run: handleUserInfo,
  },
  { method: 'POST', path: '/v2/video/list/', endpoint: 'video_list', run: handleVideoList },
  { method: 'POST', path: '/v2/video/query/', endpoint: 'video_query', run: handleVideoQuery },
];

function sendFailure(ctx: SandboxContext, res: ServerResponse, route: Route, err: unknown): void {
  if (err instanceof ApiError) {
    sendApiError(res, err);
    return;
  }
  const message = err instanceof Error ? err.message : String(err);
  const oauth = err instanceof OAuthError ? err : new OAuthError(500, 'server_error', message);
  if (err instanceof OAuthError || route.endpoint === 'token' || route.endpoint === 'revoke') {
    // Some of TikTok's token errors come with HTTP 200 and only the body saying `error`: a fault shows it.
    const as200 = route.endpoint === 'token' && ctx.faults.tokenErrorsWith200;
    sendOAuthError(res, as200 ? new OAuthError(200, oauth.error, oauth.description) : oauth);
    return;
  }
  sendApiError(res, new ApiError(500, 'internal_error', message));
}

/** Run armed faults for this endpoint; true when the fault answered (or killed) the request. */
async function runFault(
  ctx: SandboxContext,
  route: Route,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  // Uploads take their faults per chunk, after the headers say which chunk it is.
  if (!route.endpoint || route.endpoint === 'upload') return false;
  const fault = ctx.faults.take(route.endpoint);
  if (!fault) return false;
  switch (fault.action ?? 'respond') {
    case 'delay':
      await sleep(fault.delayMs ?? 1000);
      return false;
    case 'reset':
      req.socket.destroy();
      return true;
    default:
      respondWithFault(res, fault);
      return true;
  }
}

/** The sandbox's request listener: TikTok routes, admin, extension handlers, then 404. */
export function createRouter(ctx: SandboxContext, extras: ExtraHandler[]) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', ctx.baseUrl);
    const matches = ROUTES.filter((r) => r.path === url.pathname);
    const route = matches.find((r) => r.method === req.method);
    try {
      if (route) {
        if (route.endpoint) ctx.state.requestCounts[route.endpoint]++;
        if (await runFault(ctx, route, req, res)) return;
        await route.run(ctx, req, res, url);
        return;
      }
      if (matches.length > 0) {
        sendText(res, 405, 'Method Not Allowed', 'text/plain', {
          Allow: matches.map((r) => r.method).join(', '),
        });
        return;
      }
      if (await handleAdmin(ctx, req, res, url)) return;
      for (const extra of extras) {
        if (await extra(req, res, url)) return;
      }
      sendApiError(res, new ApiError(404, 'not_found', `No such endpoint: ${req.method} ${url.pathname}`));
    } catch (err) {
      sendFailure(ctx, res, route ?? { method: '', path: '', run: () => {} }, err);
    }
  };
}
