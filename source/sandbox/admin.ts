import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxContext } from './context.js';
import type { FaultsDocument } from './faults.js';
import { readSmallBody, sendText } from './http.js';
import { resetState, snapshotState } from './state.js';

/** Where the admin endpoints live, under the sandbox base URL. */
export const ADMIN_PATH = '/__sandbox';

function json(res: ServerResponse, status: number, value: unknown): void {
  sendText(res, status, JSON.stringify(value, null, 2), 'application/json; charset=utf-8');
}

/** GET /__sandbox/state, POST /__sandbox/faults, POST /__sandbox/reset; false when not an admin path. */
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
