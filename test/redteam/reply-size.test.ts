import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetworkError } from '../../source/shared/errors.js';
import { createHttp } from '../../source/shared/http.js';
import { TikTokClient } from '../../source/tiktok/client.js';
import { refreshTokens } from '../../source/tiktok/oauth.js';

/**
 * A TikTok API (or a box in the middle) that answers with an endless body: the client stops
 * reading at 1 MiB with one line (exit 5), instead of holding hundreds of MB (a small heap crashed
 * and dumped core, the core file holding the access token). Counted: what the server got to send.
 */
let sent = 0;
let base = '';
const server = createServer((_req, res: ServerResponse) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"data":{"creator_nickname":"');
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  const pump = () => {
    while (!res.destroyed && sent < 512 * 1024 * 1024) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    res.end('"}}');
  };
  pump();
});
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('API replies are capped', () => {
  it('creator_info with an endless body: refused at 1 MiB', async () => {
    const http = createHttp({ retryBaseMs: 10, maxRetries: 0 });
    const client = new TikTokClient({ call: (fn) => fn('act.test') }, base, http);
    sent = 0;
    const error = await client.creatorInfo().catch((e: unknown) => e);
    await http.close();
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(/TikTok sent a reply larger than 1024 KiB/);
    // The server was cut off long before the 512 MiB it wanted to send.
    expect(sent).toBeLessThan(64 * 1024 * 1024);
  });

  it('the token endpoint with an endless body: refused at 1 MiB', async () => {
    const http = createHttp({ retryBaseMs: 10, maxRetries: 0 });
    sent = 0;
    const error = await refreshTokens(base, { clientKey: 'k', clientSecret: 's' }, 'rft.x', http).catch(
      (e: unknown) => e,
    );
    await http.close();
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(/login service sent a reply larger than 1024 KiB/);
    expect(sent).toBeLessThan(64 * 1024 * 1024);
  });
});
