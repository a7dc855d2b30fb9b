import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ClientSpec, clientFromSpec } from './clients.js';
import type { SandboxContext } from './context.js';
import type { FaultsDocument } from './faults.js';
import { readSmallBody, sendText } from './http.js';
import { resetState, snapshotState } from './state.js';

/** Where the admin endpoints live, under the sandbox base URL. */
export const ADMIN_PATH = '/__sandbox';

function json(res: ServerResponse, status: number, value: unknown): void {
  sendText(res, status, JSON.stringify(value, null, 2), 'application/json; charset=utf-8');
}

/** The registered apps without their secrets. */
function publicClients(ctx: SandboxContext) {
  return [...ctx.clients.values()].map(({ client_secret: _secret, ...rest }) => rest);
}

/**
 * GET /__sandbox/state, POST /__sandbox/faults, POST /__sandbox/clients, POST /__sandbox/reset (and the
 * webhook log); false when not an admin path.
 */
export async function handleAdmin(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  const route = `${req.method} ${url.pathname.replace(/\/$/, '')}`;
  switch (route) {
    case `GET ${ADMIN_PATH}/state`:
      json(res, 200, {
        ...(snapshotState(ctx.state) as object),
        clients: publicClients(ctx),
        faults: ctx.faults.active,
        fault_hits: ctx.faults.hits,
      });
      return true;
    case `POST ${ADMIN_PATH}/faults`: {
      let doc: FaultsDocument;
      try {
        doc = JSON.parse((await readSmallBody(req)).toString('utf8')) as FaultsDocument;
        ctx.faults.apply(doc);
      } catch (err) {
        json(res, 400, { error: err instanceof Error ? err.message : String(err) });
        return true;
      }
      json(res, 200, { faults: ctx.faults.active });
      return true;
    }
    case `POST ${ADMIN_PATH}/clients`: {
      // Register (or replace) an app: {client_key, client_secret, type, redirect_uris, webhook_urls}.
      try {
        const body = JSON.parse((await readSmallBody(req)).toString('utf8')) as Record<string, unknown>;
        const client = clientFromSpec({
          clientKey: body.client_key as string,
          clientSecret: body.client_secret as string,
          type: body.type as ClientSpec['type'],
          redirectUris: body.redirect_uris as string[] | undefined,
          webhookUrls: body.webhook_urls as string[] | undefined,
        });
        ctx.clients.set(client.client_key, client);
      } catch (err) {
        json(res, 400, { error: err instanceof Error ? err.message : String(err) });
        return true;
      }
      json(res, 200, { clients: publicClients(ctx) });
      return true;
    }
    case `POST ${ADMIN_PATH}/reset`:
      resetState(ctx.state);
      ctx.faults.clear();
      ctx.limiter.reset();
      json(res, 200, { ok: true });
      return true;
    default:
      return false;
  }
}
