import { type Dispatcher, request } from 'undici';
import { DownloadWatch, watched } from '../../shared/download-watch.js';
import { CachedReader } from './reader.js';
import { LIMITS, type RangeReader, RefusalError, refusal } from './types.js';

export interface UrlReaderOptions {
  dispatcher: Dispatcher;
  /**
   * A server that ignores Range answers the first request with the whole file: that one response is
   * read up to this many bytes (default 16 MiB), and no other request is made.
   */
  maxBytesWithoutRange?: number;
}

const FIRST_READ = 64 * 1024;

type Response = Awaited<ReturnType<typeof request>>;

/** Reads at most `limit` bytes of a body, then drops the connection's remainder. */
async function readBody(
  res: Response,
  limit: number,
  watch: DownloadWatch,
): Promise<{ bytes: Buffer; complete: boolean }> {
  const parts: Buffer[] = [];
  let have = 0;
  let complete = true;
  for await (const chunk of watched(res.body, watch)) {
    const part = chunk as Buffer;
    parts.push(part);
    have += part.length;
    if (have >= limit) {
      complete = false;
      break;
    }
  }
  if (!complete) res.body.destroy();
  const bytes = Buffer.concat(parts);
  // A body that ends exactly at the limit is complete too: the caller compares with the size.
  return { bytes: bytes.subarray(0, limit), complete: complete && have <= limit };
}

function statusRefusal(res: Response): RefusalError {
  const status = res.statusCode;
  if (status >= 300 && status < 400) {
    const to = res.headers.location ? ` to ${String(res.headers.location)}` : '';
    return new RefusalError(
      refusal(
        'unreadable',
        `HTTP ${status}, a redirect${to}`,
        'a direct link: TikTok does not follow redirects',
      ),
    );
  }
  return new RefusalError(
    refusal('unreadable', `HTTP ${status}`, 'a URL anyone can download (HTTP 200 or 206)'),
  );
}

function totalOf(res: Response): number | undefined {
  const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(String(res.headers['content-range'] ?? ''));
  return m ? Number(m[3]) : undefined;
}

function startOf(res: Response): number | undefined {
  const m = /^bytes (\d+)-/.exec(String(res.headers['content-range'] ?? ''));
  return m ? Number(m[1]) : undefined;
}

/** A RangeReader over an http(s) URL: HTTP Range requests for what the parser asks, never the whole file. */
export function urlReader(url: string, options: UrlReaderOptions): RangeReader {
  const noRangeLimit = options.maxBytesWithoutRange ?? 16 * 1024 * 1024;
  let first: Promise<number> | undefined;
  let ranged = true;
  // Every read of this URL shares one deadline and minimum rate (a server that drips is dropped).
  const watch = new DownloadWatch(`The media at ${new URL(url).host}`);
  const get = (range: string, signal?: AbortSignal) =>
    request(url, {
      dispatcher: options.dispatcher,
      method: 'GET',
      headers: { range, 'accept-encoding': 'identity' },
      signal,
    }).catch((error: unknown) => {
      // A redirect to file:, data: or another scheme is a bad URL, not a network failure.
      if (/Invalid URL protocol/i.test((error as Error).message ?? ''))
        throw new RefusalError(
          refusal('unreadable', 'redirects to a URL that is not http(s)', 'an http(s) URL to the file'),
        );
      throw error;
    });

  const noRange = () =>
    new RefusalError(
      refusal(
        'unreadable',
        `a server that ignores HTTP Range requests, and more than the first ${noRangeLimit / 1024 / 1024} MiB to read`,
        'a server that answers Range requests (HTTP 206), or the file downloaded first',
      ),
    );

  /** The first request: learns the size and whether Range works, keeps the bytes it brought. */
  const probe = async (signal?: AbortSignal): Promise<number> => {
    const res = await get(`bytes=0-${FIRST_READ - 1}`, signal);
    if (res.statusCode === 206) {
      const total = totalOf(res);
      if (total === undefined || startOf(res) !== 0) {
        await res.body.dump();
        throw new RefusalError(refusal('unreadable', 'a Content-Range without the file size', 'a file size'));
      }
      const { bytes } = await readBody(res, FIRST_READ, watch);
      reader.keep(0, bytes);
      return total;
    }
    if (res.statusCode === 200) {
      ranged = false;
      const announced = Number(res.headers['content-length'] ?? Number.NaN);
      // Larger than TikTok takes: the size alone decides, without reading a byte of it.
      if (announced > LIMITS.maxVideoBytes) {
        res.body.destroy();
        return announced;
      }
      // No length and no Range: nothing can be judged without the whole download (which may trickle).
      if (res.headers['content-length'] === undefined) {
        res.body.destroy();
        throw new RefusalError({
          ...refusal(
            'unreadable',
            'a download without a length (no Content-Length, no Range)',
            'the file size',
          ),
          downloadFirst: true,
        });
      }
      const { bytes, complete } = await readBody(res, noRangeLimit, watch);
      reader.keep(0, bytes);
      const length = Number(res.headers['content-length'] ?? Number.NaN);
      if (complete) return bytes.length;
      if (Number.isFinite(length)) return length;
      throw noRange();
    }
    if (res.statusCode === 416 && /\*\/0$/.test(String(res.headers['content-range'] ?? ''))) {
      await res.body.dump();
      return 0;
    }
    await res.body.dump();
    throw statusRefusal(res);
  };

  const reader: CachedReader = new CachedReader({
    size(signal) {
      first ??= probe(signal);
      return first;
    },
    async fetch(offset, length, signal) {
      if (!ranged) throw noRange();
      const res = await get(`bytes=${offset}-${offset + length - 1}`, signal);
      if (res.statusCode !== 206 || startOf(res) !== offset) {
        await res.body.dump();
        if (res.statusCode === 200) throw noRange();
        throw statusRefusal(res);
      }
      return (await readBody(res, length, watch)).bytes;
    },
  });
  return reader;
}
