import { copyFileSync, mkdtempSync, rmSync, truncateSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileReader, inspectImage, inspectVideo, urlReader } from '../../source/media/inspect/index.js';
import { CORPUS, type FileServer, padMdats, serveDir } from './helpers.js';

const MiB = 1024 * 1024;
const dispatcher = new Agent();
let tmp: string;
let ranged: FileServer;
let plain: FileServer;
const big: Record<string, string> = {};

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'agoras-media-'));
  // Sparse on disk: real headers and samples, then holes.
  big.far = padMdats(join(CORPUS, 'h264-moov-end.mp4'), join(tmp, 'far-moov.mp4'), 300 * MiB);
  big.giant = padMdats(join(CORPUS, 'h264-aac-faststart.mp4'), join(tmp, 'one-gib.mp4'), 1024 * MiB);
  big.frag = padMdats(join(CORPUS, 'dur-3s-fragmented.mp4'), join(tmp, 'fragmented.mp4'), 64 * MiB);
  big.photo = join(tmp, 'photo-21mb.jpg');
  copyFileSync(join(CORPUS, 'jpeg-1080x1920.jpg'), big.photo);
  truncateSync(big.photo, 21 * MiB); // a valid JPEG with bytes after its end, over 20 MB
  const extra = Object.fromEntries(Object.values(big).map((path) => [path.split('/').pop()!, path]));
  ranged = await serveDir(CORPUS, { extra });
  plain = await serveDir(CORPUS, { extra, range: false });
});
afterAll(async () => {
  await ranged.close();
  await plain.close();
  await dispatcher.close();
  rmSync(tmp, { recursive: true, force: true });
});

const name = (path: string) => path.split('/').pop()!;

describe('big files read only where the index is', () => {
  const cases = [
    ['a 300 MiB file with its moov at the far end', 'far', 2],
    ['a 1 GiB faststart file', 'giant', 2],
    ['a fragmented file with 3 × 64 MiB fragments, duration from the moofs', 'frag', 3],
  ] as const;
  for (const [what, key, seconds] of cases) {
    it(`${what}: from disk, under 2 MiB read`, async () => {
      const reader = fileReader(big[key]!);
      const got = await inspectVideo(reader, { label: key });
      await reader.close();
      expect(got).toMatchObject({ ok: true, codec: 'H.264', width: 360, height: 640, durationSec: seconds });
      expect(reader.bytesRead).toBeLessThan(2 * MiB);
    });

    it(`${what}: by URL, under 2 MiB sent by the server`, async () => {
      const before = ranged.sent;
      const got = await inspectVideo(urlReader(ranged.url(name(big[key]!)), { dispatcher }), { label: key });
      expect(got).toMatchObject({ ok: true, durationSec: seconds });
      expect(ranged.sent - before).toBeLessThan(2 * MiB);
      if (got.ok) expect(got.bytesRead).toBe(ranged.sent - before);
    });
  }
});

describe('a server without Range support', () => {
  it('a small file still works: the one 200 response holds all of it', async () => {
    const requests = plain.requests.length;
    const got = await inspectVideo(urlReader(plain.url('h264-moov-end.mp4'), { dispatcher }), { label: 'x' });
    expect(got).toMatchObject({ ok: true, codec: 'H.264', durationSec: 2 });
    expect(plain.requests.length - requests).toBe(1);
  });

  it('a far moov: one bounded read, then a clear refusal naming the missing Range support', async () => {
    const requests = plain.requests.length;
    const before = plain.sent;
    const got = await inspectVideo(
      urlReader(plain.url(name(big.far!)), { dispatcher, maxBytesWithoutRange: 4 * MiB }),
      {
        label: 'x',
      },
    );
    expect(got).toMatchObject({ ok: false, rule: 'unreadable' });
    expect(!got.ok && got.found).toMatch(/ignores HTTP Range/);
    expect(plain.requests.length - requests).toBe(1);
    // The socket is dropped after the bound; a little more may be in flight.
    expect(plain.sent - before).toBeLessThan(4 * MiB + 2 * MiB);
  });
});

describe('HTTP answers that are not the file', () => {
  it('a 404 is refused as unreadable, naming the status', async () => {
    const got = await inspectVideo(urlReader(ranged.url('missing.mp4'), { dispatcher }), { label: 'x' });
    expect(got).toMatchObject({ ok: false, rule: 'unreadable', found: 'HTTP 404' });
  });

  it('a redirect is refused: TikTok does not follow them', async () => {
    const server = createServer((_req, res) => res.writeHead(302, { location: '/elsewhere.mp4' }).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v.mp4`;
    try {
      const got = await inspectVideo(urlReader(url, { dispatcher }), { label: url });
      expect(got).toMatchObject({ ok: false, rule: 'unreadable' });
      expect(!got.ok && `${got.found} ${got.need}`).toMatch(/302.*redirect.*does not follow/);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('photos over 20 MB', () => {
  it('are refused by their size, from disk and by URL, reading next to nothing', async () => {
    const reader = fileReader(big.photo!);
    expect(await inspectImage(reader, { label: 'p' })).toMatchObject({ ok: false, rule: 'image-size' });
    expect(reader.bytesRead).toBe(0);
    const byUrl = urlReader(ranged.url(name(big.photo!)), { dispatcher });
    expect(await inspectImage(byUrl, { label: 'p' })).toMatchObject({ ok: false, rule: 'image-size' });
    expect(byUrl.bytesRead).toBeLessThanOrEqual(256 * 1024);
  });

  it('the same JPEG under the limit is accepted (the size rule is what refused it)', async () => {
    const path = join(tmp, 'photo-19mb.jpg');
    copyFileSync(join(CORPUS, 'jpeg-1080x1920.jpg'), path);
    truncateSync(path, 19 * MiB);
    expect(await inspectImage(fileReader(path), { label: 'p' })).toMatchObject({ ok: true, format: 'JPEG' });
  });
});

describe('AbortSignal', () => {
  it('an aborted signal stops a file inspection with an AbortError', async () => {
    const reader = fileReader(join(CORPUS, 'h264-aac-faststart.mp4'));
    await expect(inspectVideo(reader, { label: 'x', signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    await reader.close();
  });

  it('aborting while a server stalls ends the inspection at once', async () => {
    const server = createServer(() => {}); // never answers
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v.mp4`;
    const controller = new AbortController();
    const pending = inspectVideo(urlReader(url, { dispatcher }), { label: url, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    server.closeAllConnections();
    server.close();
  });

  it('the shared reader still works after an abort', async () => {
    const got = await inspectVideo(fileReader(join(CORPUS, 'vp9.webm')), { label: 'x' });
    expect(got).toMatchObject({ ok: true, codec: 'VP9' });
  });
});
