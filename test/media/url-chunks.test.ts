import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openVideo } from '../../source/media/open-video.js';
import { planEvenChunks } from '../../source/shared/chunk-plan.js';
import { createHttp, type Http } from '../../source/shared/http.js';
import { makeVideoBytes, serveFiles } from '../sandbox/helpers.js';

const MiB = 1024 * 1024;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function http(): Http {
  const h = createHttp();
  cleanups.push(() => h.close());
  return h;
}

async function chunksOf(url: string, h: Http, from: number, resume = true) {
  const bytes = makeVideoBytes(33 * MiB + 5);
  const plan = planEvenChunks(bytes.length, 8 * MiB);
  const source = await openVideo(
    url,
    h.media,
    undefined,
    resume ? { plan, offset: plan.chunks[from]!.start, contentType: 'video/mp4' } : undefined,
  );
  cleanups.push(() => source.close());
  const got: boolean[] = [];
  for (let i = from; i < plan.totalChunkCount; i++) {
    const c = plan.chunks[i]!;
    const data = (await source.chunk(i)).open() as Buffer;
    got.push(data.equals(bytes.subarray(c.start, c.end + 1)));
  }
  return { got, source, bytes, plan };
}

describe('video URLs in two reused chunk buffers', () => {
  it('plans equal chunks, so each buffer is one chunk long', async () => {
    const bytes = makeVideoBytes(33 * MiB + 5);
    const server = await serveFiles({ '/v.mp4': bytes });
    cleanups.push(() => server.close());
    const { got, source } = await chunksOf(server.url('/v.mp4'), http(), 0, false);
    expect(got.every(Boolean)).toBe(true);
    const lengths = source.plan.chunks.map((c) => c.end - c.start + 1);
    expect(Math.max(...lengths) - Math.min(...lengths)).toBeLessThan(source.plan.totalChunkCount);
    expect(source.identity).toMatchObject({ kind: 'url', size: bytes.length, headHash: expect.any(String) });
  });

  it('resuming asks for the bytes from the first missing chunk on (Range), exact to the byte', async () => {
    const bytes = makeVideoBytes(33 * MiB + 5);
    const server = await serveFiles({ '/v.mp4': { body: bytes, headers: { etag: '"v1"' } } });
    cleanups.push(() => server.close());
    const { got, plan, source } = await chunksOf(server.url('/v.mp4'), http(), 2);
    expect(got).toEqual([true, true]);
    expect(server.requests.map((r) => r.range)).toEqual([`bytes=${plan.chunks[2]!.start}-`]);
    expect(source.identity).toMatchObject({ etag: '"v1"', size: bytes.length });
  });

  it('a server that ignores Range: the bytes before the resume point are read past, not sent', async () => {
    const bytes = makeVideoBytes(33 * MiB + 5);
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(bytes.length) });
      res.end(bytes);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(async () => {
      server.closeAllConnections();
      server.close();
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v.mp4`;
    const { got } = await chunksOf(url, http(), 2);
    expect(got).toEqual([true, true]);
  });

  it('the download waits while both buffers are full (back-pressure), then goes on', async () => {
    const size = 96 * MiB;
    const block = makeVideoBytes(MiB);
    let written = 0;
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(size) });
      const pump = () => {
        while (written < size) {
          written += block.length;
          if (!res.write(block)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(async () => {
      server.closeAllConnections();
      server.close();
    });
    const source = await openVideo(
      `http://127.0.0.1:${(server.address() as AddressInfo).port}/v.mp4`,
      http().media,
    );
    cleanups.push(() => source.close());
    await new Promise((r) => setTimeout(r, 400));
    // Two chunks in the buffers, a few MB in socket buffers: far from the whole 96 MiB.
    expect(written).toBeLessThan(2 * source.plan.chunkSize + 24 * MiB);
    for (let i = 0; i < source.plan.totalChunkCount; i++) await source.chunk(i);
    expect(written).toBe(size);
  });
});
