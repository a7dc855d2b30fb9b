import type { FeedRequest, SheetInput } from '../core/service-types.js';
import { isHttpUrl } from '../shared/url.js';

/** The feed screen as typed: numbers stay text so a half-typed value is never lost. */
export interface FeedDraft {
  url: string;
  mode: 'last' | 'random';
  maxCount: string;
  lookback: string;
  lookbackUnit: 'minutes' | 'hours';
  maxAgeDays: string;
}

export function emptyFeedDraft(): FeedDraft {
  return { url: '', mode: 'last', maxCount: '1', lookback: '1', lookbackUnit: 'hours', maxAgeDays: '7' };
}

export function emptySheetDraft(): SheetInput {
  return { spreadsheetId: '', sheetName: '', clientEmail: '', privateKey: '' };
}

export type FeedField = 'url' | 'maxCount' | 'lookback' | 'maxAgeDays';

function wholeNumber(text: string, min: number): number | undefined {
  const value = Number(text.trim());
  return /^\d+$/.test(text.trim()) && value >= min ? value : undefined;
}

/** The feed request, or what is wrong with each field, in plain words. */
export function feedRequest(
  username: string,
  feed: FeedDraft,
): { ok: true; request: FeedRequest } | { ok: false; errors: Partial<Record<FeedField, string>> } {
  const errors: Partial<Record<FeedField, string>> = {};
  const url = feed.url.trim();
  if (!isHttpUrl(url) || /\s/.test(url)) errors.url = 'Enter the feed’s http(s) URL.';
  const maxCount = wholeNumber(feed.maxCount, 1);
  const lookback = wholeNumber(feed.lookback, 1);
  const maxAgeDays = wholeNumber(feed.maxAgeDays, 1);
  if (feed.mode === 'last') {
    if (maxCount === undefined) errors.maxCount = 'A whole number, 1 or more.';
    if (lookback === undefined) errors.lookback = 'A whole number, 1 or more.';
  } else if (maxAgeDays === undefined) errors.maxAgeDays = 'A whole number of days, 1 or more.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const unitSec = feed.lookbackUnit === 'hours' ? 3600 : 60;
  return {
    ok: true,
    request: {
      username,
      feedUrl: url,
      mode: feed.mode,
      maxCount: maxCount ?? 1,
      lookbackSec: (lookback ?? 1) * unitSec,
      maxAgeDays: maxAgeDays ?? 7,
    },
  };
}

/** True when the key field holds a file path rather than a pasted PEM key. */
export function looksLikeKeyPath(value: string): boolean {
  const v = value.trim();
  return v !== '' && !v.includes('PRIVATE KEY') && (/^[~./]/.test(v) || /\.json$/i.test(v));
}

/** What is missing on the sheet screen, by field. The email may come from a JSON key file. */
export function sheetErrors(sheet: SheetInput): Partial<Record<keyof SheetInput, string>> {
  const errors: Partial<Record<keyof SheetInput, string>> = {};
  if (!sheet.spreadsheetId.trim()) errors.spreadsheetId = 'Enter the spreadsheet ID (from its URL).';
  if (!sheet.sheetName.trim()) errors.sheetName = 'Enter the name of the sheet (the tab).';
  if (!sheet.privateKey.trim()) errors.privateKey = 'Paste the private key or give the JSON key file’s path.';
  else if (!sheet.clientEmail.trim() && !looksLikeKeyPath(sheet.privateKey))
    errors.clientEmail = 'Enter the service account’s email, or give a JSON key file below.';
  return errors;
}
