import { TextDecoder } from 'node:util';
import { type Dispatcher, getGlobalDispatcher, interceptors, request } from 'undici';
import { downloadLimits } from '../shared/download-limits.js';
import { DownloadWatch, watched } from '../shared/download-watch.js';
import { AgorasError, NetworkError, UsageError } from '../shared/errors.js';
import { isBadRedirect } from '../shared/http-errors.js';
import { remoteText } from '../shared/sanitize.js';
import { inflated } from './feed-inflate.js';

/** The largest feed read, once inflated (see "Feeds" in the README for how it was chosen). */
export const FEED_MAX_BYTES = 8 * 1024 * 1024;
const DEFAULT_MAX_BYTES = FEED_MAX_BYTES;
const MAX_REDIRECTIONS = 5;

export interface FetchFeedOptions {
  /** Carries the proxy and test wiring; the global dispatcher when absent. */
  dispatcher?: Dispatcher;
  /** For the whole exchange, headers and body. */
  timeoutMs?: number;
  maxBytes?: number;
}

const LOOKS_LIKE_FEED = /^(<\?xml|<!--|<rss[\s>]|<feed[\s>]|<rdf:RDF[\s>])/;

function checkUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`Feed URL "${raw}" is not a valid URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`Feed URL "${raw}" must start with http:// or https://.`);
  }
  return url;
}

/** A decoder for the charset from Content-Type, else from the XML declaration, else UTF-8. */
function decoderFor(head: Buffer, contentType: string): TextDecoder {
  const declared =
    /charset="?([\w.:-]+)/i.exec(contentType)?.[1] ??
    /^<\?xml[^>]*encoding=["']([\w.:-]+)["']/.exec(head.subarray(0, 200).toString('latin1'))?.[1];
  try {
    return new TextDecoder(declared ?? 'utf-8');
  } catch {
    return new TextDecoder('utf-8');
  }
}

function tooLarge(url: string, maxBytes: number): UsageError {
  const mib = (maxBytes / 1024 / 1024).toFixed(maxBytes % (1024 * 1024) === 0 ? 0 : 1);
  return new UsageError(`Feed ${url} is larger than ${mib} MiB; is the URL a feed?`);
}

/**
 * Reads and decodes the body as it arrives, giving up as soon as it passes maxBytes: no chunk is
 * kept once decoded, so a 20 MiB feed costs its text, not its text and two copies of its bytes.
 */
async function readText(
  body: Dispatcher.ResponseData['body'],
  url: string,
  maxBytes: number,
  contentType: string,
  watch: DownloadWatch,
): Promise<string> {
  let head: Buffer[] = [];
  let headBytes = 0;
  let decoder: TextDecoder | undefined;
  let text = '';
  let total = 0;
  for await (const chunk of watched(body, watch)) {
    total += (chunk as Buffer).length;
    if (total > maxBytes) {
      discard(body);
      throw tooLarge(url, maxBytes);
    }
    if (!decoder) {
      // The XML declaration is in the first 200 bytes: decide the charset once they are here.
      head.push(chunk as Buffer);
      headBytes += (chunk as Buffer).length;
      if (headBytes < 200) continue;
      const first = Buffer.concat(head);
      decoder = decoderFor(first, contentType);
      head = [];
      text += decoder.decode(first, { stream: true });
      continue;
    }
    text += decoder.decode(chunk as Buffer, { stream: true });
  }
  if (!decoder) {
    const first = Buffer.concat(head);
    decoder = decoderFor(first, contentType);
    text += decoder.decode(first, { stream: true });
  }
  return text + decoder.decode();
}

/** Drops a body we will not read; a destroyed undici body otherwise reports an unhandled abort. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => {});
  body.destroy();
}

function requestError(url: string, error: unknown, timeoutMs: number): AgorasError {
  const e = error as { name?: string; code?: string; message?: string };
  if (isBadRedirect(error)) {
    return new UsageError(`Feed ${url} redirects to a URL that is not http(s); check the URL.`, {
      cause: error,
    });
  }
  if (/redirect/i.test(e?.message ?? '')) {
    return new UsageError(`Feed ${url} redirects in a loop; check the URL.`, { cause: error });
  }
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || /TIMEOUT/.test(e?.code ?? '')) {
    return new NetworkError(`Feed ${url} did not answer within ${Math.round(timeoutMs / 1000)} s.`, {
      cause: error,
    });
  }
  const reason = e?.code ?? e?.message?.split('\n')[0] ?? String(error);
  return new NetworkError(`Could not fetch feed ${url}: ${reason}.`, { cause: error });
}

/** Downloads a feed's text over http(s), following redirects, with a time and size limit. */
export async function fetchFeed(url: string, opts: FetchFeedOptions = {}): Promise<string> {
  const target = checkUrl(url);
  // The whole exchange has a deadline (AGORAS_SOURCE_DEADLINE_MS); the body a minimum rate too.
  const limits = downloadLimits('source');
  const timeoutMs = opts.timeoutMs ?? limits.deadlineMs;
  const watch = new DownloadWatch(`Feed ${url}`, { ...limits, deadlineMs: timeoutMs });
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const dispatcher = (opts.dispatcher ?? getGlobalDispatcher()).compose(
    interceptors.redirect({ maxRedirections: MAX_REDIRECTIONS }),
  );
  try {
    const res = await request(target, {
      dispatcher,
      method: 'GET',
      headers: {
        accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
        'accept-encoding': 'gzip, br',
        'user-agent': 'agoras (+https://github.com/agoras)',
      },
      signal: AbortSignal.timeout(timeoutMs),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    if (res.statusCode < 200 || res.statusCode >= 300) {
      discard(res.body);
      const what = res.statusCode >= 300 && res.statusCode < 400 ? 'redirected too many times' : 'answered';
      throw new UsageError(`Feed ${url} ${what} (HTTP ${res.statusCode}); check the URL.`);
    }
    const length = Number(res.headers['content-length']);
    if (Number.isFinite(length) && length > maxBytes) {
      discard(res.body);
      throw tooLarge(url, maxBytes);
    }
    const contentType = String(res.headers['content-type'] ?? '');
    // A compressed body is counted once inflated, so the cap holds for a gzip or brotli bomb too.
    const body = inflated(res.body, res.headers['content-encoding']) as typeof res.body;
    const text = await readText(body, url, maxBytes, contentType, watch);
    // Some servers label real feeds text/html; trust the body over the header.
    if (/html/i.test(contentType) && !LOOKS_LIKE_FEED.test(text.replace(/^\uFEFF/, '').trimStart())) {
      throw new UsageError(
        `Feed ${url} returned an HTML page (${remoteText(contentType.split(';')[0]!, 60)}), not a feed.`,
      );
    }
    return text;
  } catch (error) {
    if (error instanceof AgorasError) throw error;
    throw requestError(url, error, timeoutMs);
  }
}
