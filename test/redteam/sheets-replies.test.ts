import { generateKeyPairSync } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NetworkError } from '../../source/shared/errors.js';
import { connectSheet } from '../../source/sources/sheets-client.js';

/**
 * A Sheets API that lies: an HTML page with 200, an inflating bomb, a reply that drips. Each is an
 * error (exit 5) within bounds, never "nothing due".
 */
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
let reply: (res: ServerResponse) => void = () => {};
const open = new Set<ServerResponse>();
const server = createServer((req, res) => {
  if (req.url?.startsWith('/token')) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ access_token: 'ya29.test', expires_in: 3600, token_type: 'Bearer' }));
    return;
  }
  open.add(res);
  reply(res);
});
let base = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => {
  for (const res of open) res.destroy();
  open.clear();
  delete process.env.AGORAS_SOURCE_DEADLINE_MS;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function sheet() {
  return connectSheet({
    spreadsheetId: 'sheet-1',
    sheetName: 'Plan',
    clientEmail: 'robot@example.iam.gserviceaccount.com',
    privateKey: pem,
    rootUrl: `${base}/`,
    tokenUrl: `${base}/token`,
  });
}

async function failure(promise: Promise<unknown>): Promise<NetworkError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NetworkError);
  expect((error as NetworkError).exitCode).toBe(5);
  expect((error as Error).message).not.toContain('\n');
  return error as NetworkError;
}

describe('Sheets replies that are not the Sheets JSON', () => {
  it('an HTML page with 200 is an error, not an empty schedule', async () => {
    reply = (res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Sign in</body></html>');
    const error = await failure((await sheet()).readRows());
    expect(error.message).toMatch(/not a Sheets reply \(text\/html\)/);
  });

  it('a batchUpdate answered by an HTML page with 200 marked nothing: an error', async () => {
    reply = (res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Sign in</html>');
    const error = await failure((await sheet()).markPublished([2]));
    expect(error.message).toMatch(/not a Sheets reply/);
  });

  it('JSON of another shape is an error too', async () => {
    reply = (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"values":"none"}');
    await failure((await sheet()).readRows());
  });

  it('the real shape still reads (with and without values)', async () => {
    reply = (res) =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ range: "'Plan'!A1:L2", majorDimension: 'ROWS', values: [['a', 'b']] }));
    expect(await (await sheet()).readRows()).toEqual([['a', 'b']]);
    reply = (res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"range":"\'Plan\'!A1:L1000"}');
    expect(await (await sheet()).readRows()).toEqual([]);
  });

  it('a reply that inflates past the cap is refused while inflating', async () => {
    // 64 MiB of JSON whitespace in 64 kB of gzip: without a cap it would be inflated whole.
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20), { level: 1 });
    expect(bomb.length).toBeLessThan(512 * 1024);
    reply = (res) =>
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(bomb);
    const error = await failure((await sheet()).readRows());
    expect(error.message).toMatch(/larger than 16 MiB once inflated/);
  });

  it('a reply that drips ends at the deadline (AGORAS_SOURCE_DEADLINE_MS)', async () => {
    process.env.AGORAS_SOURCE_DEADLINE_MS = '800';
    reply = (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{');
      const drip = setInterval(() => (res.destroyed ? clearInterval(drip) : res.write(' ')), 100);
    };
    // Bounded by the test's own timeout, half the 30 s idle timeout that never fires while bytes come.
    const error = await failure((await sheet()).readRows());
    expect(error.message).toMatch(/did not answer in full within the deadline/);
  }, 15_000);
});
