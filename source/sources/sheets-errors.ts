import { AgorasError, AuthError, NetworkError, UsageError } from '../shared/errors.js';
import { remoteText } from '../shared/sanitize.js';

/**
 * The most a Sheets or sign-in reply may hold once inflated (googleapis asks for gzip; a 6 kB brotli
 * reply can inflate to gigabytes). A sheet of columns A–L for years of posts is well under this.
 */
export const MAX_REPLY_BYTES = 16 * 1024 * 1024;

/** What the error message names: the sheet the user asked for. */
export interface SheetContext {
  spreadsheetId: string;
  sheetName: string;
  clientEmail: string;
  tokenUrl: string;
}

/** The fields of a GaxiosError we read, without importing gaxios at the top level. */
interface GaxiosLike {
  message?: string;
  code?: string | number;
  status?: number;
  config?: { url?: unknown };
  response?: { status?: number; data?: unknown };
}

function googleMessage(data: unknown): string | undefined {
  if (data && typeof data === 'object') {
    const e = (data as { error?: unknown; error_description?: unknown }).error;
    if (e && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string') {
      return (e as { message: string }).message;
    }
    const desc = (data as { error_description?: unknown }).error_description;
    if (typeof e === 'string') return typeof desc === 'string' ? `${e}: ${desc}` : e;
  }
  return undefined;
}

/** Maps whatever the Google client threw to one of our errors with a one-line message. */
export function toSheetsError(error: unknown, ctx: SheetContext): AgorasError {
  if (error instanceof AgorasError) return error;
  const e = (error ?? {}) as GaxiosLike;
  const status = e.response?.status ?? e.status;
  const detail = remoteText(googleMessage(e.response?.data) ?? e.message?.split('\n')[0] ?? String(error));
  const url = String(e.config?.url ?? '');
  const isToken = url === ctx.tokenUrl || /oauth2\.googleapis\.com\/token|\/oauth2\/token/.test(url);
  const sheet = `sheet "${ctx.sheetName}" of spreadsheet "${ctx.spreadsheetId}"`;

  if (/over limit: \d+/.test(e.message ?? '')) {
    return new NetworkError(
      `Google ${isToken ? 'sign-in' : 'Sheets'} sent a reply larger than ${MAX_REPLY_BYTES / 1024 / 1024} MiB once inflated; not read.`,
      { hint: 'check GOOGLE_SHEETS_ROOT_URL and any proxy between here and Google', cause: error },
    );
  }
  if (status === undefined && /aborted|timeout/i.test(`${e.message} ${e.code ?? ''}`)) {
    return new NetworkError(
      `Google ${isToken ? 'sign-in' : 'Sheets'} did not answer in full within the deadline (AGORAS_SOURCE_DEADLINE_MS).`,
      { cause: error },
    );
  }
  if (status === undefined) {
    const reason = typeof e.code === 'string' ? e.code : detail;
    return new NetworkError(`Could not reach Google ${isToken ? 'sign-in' : 'Sheets'}: ${reason}.`, {
      cause: error,
    });
  }
  if (status >= 500 || status === 429 || status === 408) {
    return new NetworkError(`Google ${isToken ? 'sign-in' : 'Sheets'} failed (HTTP ${status}): ${detail}.`, {
      cause: error,
    });
  }
  if (isToken) {
    return new AuthError(`Google refused the service account ${ctx.clientEmail} (${detail}).`, {
      fix: { kind: 'sheet', check: 'credentials' },
      cause: error,
    });
  }
  if (status === 401) {
    return new AuthError(`Google Sheets rejected the access token for ${ctx.clientEmail}.`, { cause: error });
  }
  if (status === 403) {
    return new AuthError(`The service account ${ctx.clientEmail} may not open ${sheet}.`, {
      hint: `share the spreadsheet with ${ctx.clientEmail} (Editor)`,
      cause: error,
    });
  }
  if (status === 404) {
    return new UsageError(`Spreadsheet "${ctx.spreadsheetId}" was not found.`, {
      fix: { kind: 'sheet', check: 'id' },
      cause: error,
    });
  }
  if (/Unable to parse range/i.test(detail)) {
    return new UsageError(`There is no sheet "${ctx.sheetName}" in spreadsheet "${ctx.spreadsheetId}".`, {
      fix: { kind: 'sheet', check: 'name' },
      cause: error,
    });
  }
  return new UsageError(`Google Sheets refused the request for ${sheet} (HTTP ${status}): ${detail}.`, {
    cause: error,
  });
}
