import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultQueue, type SheetsEndpoint, type SheetsFault } from './faults.js';
import { ApiError, SheetStore } from './sheet-store.js';
import { TOKEN_PATH, TokenIssuer } from './token-endpoint.js';

export type { SheetsEndpoint, SheetsFault } from './faults.js';
export { GOOGLE_TOKEN_URL, TOKEN_PATH } from './token-endpoint.js';

/** One request the emulator served, for tests that count calls. */
export interface SheetsRequestLog {
  method: string;
  path: string;
  endpoint: SheetsEndpoint | 'unknown';
  body?: unknown;
}

export interface SheetsEmulator {
  /** Serves the request and returns true when it is a Sheets or token path; false leaves it to others. */
  handler(req: IncomingMessage, res: ServerResponse, url: URL): boolean;
  serviceAccount: { clientEmail: string; privateKey: string };
  sheets: {
    seed(spreadsheetId: string, sheetName: string, rows: string[][]): void;
    rows(spreadsheetId: string, sheetName: string): string[][];
  };
  requests: SheetsRequestLog[];
  faults: { add(fault: SheetsFault): void };
}

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};
const MAX_BODY = 1024 * 1024;
const VALUES_PATH = /^\/v4\/spreadsheets\/([^/]+)\/values(?::batchUpdate|\/([^/]+))$/;

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function apiError(
  res: ServerResponse,
  code: number,
  message: string,
  status = STATUS_NAMES[code] ?? 'UNKNOWN',
): void {
  send(res, code, { error: { code, message, status } });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new ApiError(413, 'INVALID_ARGUMENT', 'Request payload too large.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const value: unknown = text ? JSON.parse(text) : {};
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {}
  throw new ApiError(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.');
}

const INPUT_OPTIONS = new Set(['RAW', 'USER_ENTERED']);

function requireInputOption(value: unknown): void {
  if (value === undefined || value === null || value === '') {
    throw new ApiError(400, 'INVALID_ARGUMENT', "'valueInputOption' is required but not specified");
  }
  if (!INPUT_OPTIONS.has(String(value))) {
    throw new ApiError(400, 'INVALID_ARGUMENT', `Invalid value at 'value_input_option' (${String(value)})`);
  }
}

function endpointOf(method: string, pathname: string): SheetsEndpoint | 'unknown' {
  if (pathname === TOKEN_PATH) return method === 'POST' ? 'token' : 'unknown';
  const m = VALUES_PATH.exec(pathname);
  if (!m) return 'unknown';
  if (m[2] === undefined) return method === 'POST' ? 'batchUpdate' : 'unknown';
  if (m[2].endsWith(':append')) return method === 'POST' ? 'append' : 'unknown';
  if (method === 'GET') return 'get';
  return method === 'PUT' ? 'update' : 'unknown';
}

/** A local Google Sheets API (values v4) and OAuth token endpoint, strict like the real ones. */
export function createSheetsEmulator(opts: { tokenTtlSec?: number } = {}): SheetsEmulator {
  const issuer = new TokenIssuer(opts.tokenTtlSec);
  const store = new SheetStore();
  const faults = new FaultQueue();
  const requests: SheetsRequestLog[] = [];

  async function serve(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const endpoint = endpointOf(method, url.pathname);
    const raw = method === 'GET' || method === 'HEAD' ? '' : await readBody(req);
    const entry: SheetsRequestLog = { method, path: url.pathname + url.search, endpoint };
    if (raw) entry.body = endpoint === 'token' ? Object.fromEntries(new URLSearchParams(raw)) : safeJson(raw);
    requests.push(entry);

    const fault = endpoint === 'unknown' ? undefined : faults.take(endpoint);
    if (fault?.action === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.action === 'delay') await new Promise((r) => setTimeout(r, fault.delayMs ?? 1000));
    else if (fault) {
      const status = fault.status ?? 503;
      if (endpoint === 'token')
        send(res, status, { error: status >= 500 ? 'internal_failure' : 'invalid_grant' });
      else apiError(res, status, `Injected fault (${status}).`);
      return;
    }

    if (endpoint === 'token') {
      const reply = issuer.exchange(new URLSearchParams(raw));
      send(res, reply.status, reply.body);
      return;
    }
    if (endpoint === 'unknown') {
      apiError(res, 404, `Method not found: ${method} ${url.pathname}`);
      return;
    }
    if (!issuer.accepts(req.headers.authorization)) {
      apiError(
        res,
        401,
        'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
      );
      return;
    }
    const m = VALUES_PATH.exec(url.pathname)!;
    const id = decodeURIComponent(m[1]!);
    const range = m[2] === undefined ? '' : decodeURIComponent(m[2].replace(/:append$/, ''));
    if (endpoint === 'get') {
      send(res, 200, store.get(id, range));
    } else if (endpoint === 'update') {
      requireInputOption(url.searchParams.get('valueInputOption'));
      const body = parseJson(raw);
      send(res, 200, store.update(id, range, body.values));
    } else if (endpoint === 'append') {
      requireInputOption(url.searchParams.get('valueInputOption'));
      send(res, 200, { spreadsheetId: id, ...store.append(id, range, parseJson(raw).values) });
    } else {
      const body = parseJson(raw);
      requireInputOption(body.valueInputOption);
      send(res, 200, batchUpdate(store, id, body.data));
    }
  }

  return {
    handler(req, res, url) {
      if (!url.pathname.startsWith('/v4/') && url.pathname !== TOKEN_PATH) return false;
      serve(req, res, url).catch((error: unknown) => {
        if (res.headersSent || res.destroyed) return;
        if (error instanceof ApiError) apiError(res, error.code, error.message, error.status);
        else apiError(res, 500, `Internal error: ${error instanceof Error ? error.message : String(error)}`);
      });
      return true;
    },
    serviceAccount: {
      clientEmail: issuer.clientEmail,
      get privateKey() {
        return issuer.privateKey;
      },
    },
    sheets: {
      seed: (id, name, rows) => store.seed(id, name, rows),
      rows: (id, name) => store.rows(id, name),
    },
    requests,
    faults: { add: (fault) => faults.add(fault) },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** values:batchUpdate validates every range before writing any, so a bad one changes nothing. */
function batchUpdate(store: SheetStore, id: string, data: unknown) {
  if (!Array.isArray(data) || data.length === 0) {
    throw new ApiError(400, 'INVALID_ARGUMENT', 'Invalid data: at least one ValueRange is required.');
  }
  const items = data as { range?: unknown; values?: unknown }[];
  for (const item of items) {
    if (typeof item?.range !== 'string') throw new ApiError(400, 'INVALID_ARGUMENT', 'Invalid data[].range');
    store.get(id, item.range);
  }
  const responses = items.map((item) => store.update(id, item.range as string, item.values));
  const sheets = new Set(responses.map((r) => r.updatedRange.replace(/!.*$/, '')));
  return {
    spreadsheetId: id,
    totalUpdatedRows: responses.reduce((n, r) => n + r.updatedRows, 0),
    totalUpdatedColumns: Math.max(0, ...responses.map((r) => r.updatedColumns)),
    totalUpdatedCells: responses.reduce((n, r) => n + r.updatedCells, 0),
    totalUpdatedSheets: sheets.size,
    responses,
  };
}
