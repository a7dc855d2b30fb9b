import { downloadLimits } from '../shared/download-limits.js';
import { NetworkError } from '../shared/errors.js';
import { remoteText } from '../shared/sanitize.js';
import { normalizePrivateKey } from './private-key.js';
import { MAX_REPLY_BYTES, type SheetContext, toSheetsError } from './sheets-errors.js';

export { normalizePrivateKey } from './private-key.js';

export const DEFAULT_SHEETS_ROOT_URL = 'https://sheets.googleapis.com/';
/** Where google-auth-library always posts the JWT grant; we reroute it when tokenUrl differs. */
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
const SCOPE = 'https://www.googleapis.com/auth/spreadsheets';
/** Loopback never goes through HTTPS_PROXY: the sandbox must work on machines with a proxy set. */
const LOOPBACK = /^https?:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?\//i;

export interface ConnectSheetOptions {
  spreadsheetId: string;
  sheetName: string;
  clientEmail: string;
  /** PEM, with real or literal \n newlines, quoted or not; see normalizePrivateKey. */
  privateKey: string;
  /** Sheets API root; a path is kept (the Google client alone would drop it). */
  rootUrl?: string;
  tokenUrl?: string;
}

/** The two operations the schedule needs. */
export interface SheetConnection {
  /** Columns A–L of every row, row 1 first; trailing empty cells omitted as Google does. */
  readRows(): Promise<string[][]>;
  /** Writes "published" into column L of the given 1-based rows, in one batched request. */
  markPublished(rowNumbers: number[]): Promise<void>;
}

/** Quotes a sheet name for an A1 range: 'My Sheet', 'Ana''s', always safe to quote. */
export function quoteSheetName(name: string): string {
  return `'${name.replaceAll("'", "''")}'`;
}

type RequestOptions = {
  url?: unknown;
  noProxy?: unknown[];
  timeout?: number;
  size?: number;
  [key: string]: unknown;
};
type Transporter = { request(opts?: RequestOptions): Promise<unknown> };

/**
 * Reroutes the auth client's requests before gaxios prepares them (so its proxy choice sees the
 * real destination): the JWT grant goes to tokenUrl, API calls keep rootUrl's path, loopback
 * skips any proxy, and every call gets a deadline (AGORAS_SOURCE_DEADLINE_MS, for the whole
 * exchange) and a cap on the inflated reply (node-fetch's `size`, counted after decompression).
 */
function routeRequests(transporter: Transporter, tokenUrl: string, root: URL): void {
  const original = transporter.request.bind(transporter);
  const apiPrefix = `${root.origin}/v4/`;
  const deadlineMs = downloadLimits('source').deadlineMs;
  transporter.request = (opts: RequestOptions = {}) => {
    let url = opts.url === undefined ? undefined : String(opts.url);
    if (url === GOOGLE_TOKEN_URL) url = tokenUrl;
    else if (url?.startsWith(apiPrefix) && root.pathname !== '/') {
      url = `${root.href}v4/${url.slice(apiPrefix.length)}`;
    }
    return original({
      ...opts,
      ...(url === undefined ? {} : { url }),
      noProxy: [...(opts.noProxy ?? []), LOOPBACK],
      timeout: opts.timeout ?? deadlineMs,
      size: MAX_REPLY_BYTES,
    });
  };
}

/** Connects to one sheet of a spreadsheet with a service account; no request is made until used. */
export async function connectSheet(opts: ConnectSheetOptions): Promise<SheetConnection> {
  const key = normalizePrivateKey(opts.privateKey);
  const root = new URL(opts.rootUrl ?? DEFAULT_SHEETS_ROOT_URL);
  if (!root.pathname.endsWith('/')) root.pathname += '/';
  const tokenUrl = opts.tokenUrl ?? GOOGLE_TOKEN_URL;
  const ctx: SheetContext = {
    spreadsheetId: opts.spreadsheetId,
    sheetName: opts.sheetName,
    clientEmail: opts.clientEmail,
    tokenUrl,
  };
  // Loaded here, not at the top: googleapis costs ~100 ms and only the schedule action needs it.
  const google = await import('@googleapis/sheets');
  const jwt = new google.auth.JWT({ email: opts.clientEmail, key, scopes: [SCOPE] });
  routeRequests(jwt.transporter as unknown as Transporter, tokenUrl, root);
  const api = google.sheets({ version: 'v4', auth: jwt, rootUrl: `${root.origin}/` });
  const sheet = quoteSheetName(opts.sheetName);

  return {
    async readRows() {
      try {
        const res = await api.spreadsheets.values.get({
          spreadsheetId: opts.spreadsheetId,
          range: `${sheet}!A:L`,
          majorDimension: 'ROWS',
        });
        return sheetValues(res.data, res.headers).map((row) =>
          row.map((v) => (v === null || v === undefined ? '' : String(v))),
        );
      } catch (error) {
        throw toSheetsError(error, ctx);
      }
    },
    async markPublished(rowNumbers) {
      const rows = [...new Set(rowNumbers)]
        .filter((n) => Number.isInteger(n) && n >= 1)
        .sort((a, b) => a - b);
      if (rows.length === 0) return;
      try {
        const res = await api.spreadsheets.values.batchUpdate({
          spreadsheetId: opts.spreadsheetId,
          requestBody: {
            valueInputOption: 'RAW',
            data: rows.map((n) => ({
              range: `${sheet}!L${n}`,
              majorDimension: 'ROWS',
              values: [['published']],
            })),
          },
        });
        // A page that is not the Sheets reply (HTML with 200) did not mark anything.
        if (typeof (res.data as { spreadsheetId?: unknown } | null)?.spreadsheetId !== 'string')
          throw notSheetsReply(res.headers);
      } catch (error) {
        throw toSheetsError(error, ctx);
      }
    },
  };
}

/**
 * The rows of a values.get reply. Anything but the Sheets JSON (an HTML login page with 200, a
 * captive portal, a proxy's error page) is an error, never an empty schedule.
 */
function sheetValues(data: unknown, headers: unknown): unknown[][] {
  const d = data as { range?: unknown; values?: unknown } | null;
  const ok =
    typeof d === 'object' &&
    d !== null &&
    !Array.isArray(d) &&
    typeof d.range === 'string' &&
    (d.values === undefined || (Array.isArray(d.values) && d.values.every((row) => Array.isArray(row))));
  if (ok) return (d.values as unknown[][] | undefined) ?? [];
  throw notSheetsReply(headers);
}

function notSheetsReply(headers: unknown): NetworkError {
  const type = (headers as { get?: (name: string) => string | null })?.get?.('content-type') ?? 'no type';
  return new NetworkError(
    `Google Sheets answered with something that is not a Sheets reply (${remoteText(type.split(';')[0]!, 60)}); nothing was read or written.`,
    { hint: 'check GOOGLE_SHEETS_ROOT_URL and any proxy between here and Google' },
  );
}
