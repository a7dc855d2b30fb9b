import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { AgorasError, AuthError, NetworkError, UsageError } from '../../source/shared/errors.js';
import {
  type ConnectSheetOptions,
  connectSheet,
  normalizePrivateKey,
} from '../../source/sources/sheets-client.js';
import { type RunningEmulator, startEmulator } from '../sandbox-sheets/serve.js';

const SHEET = "Ana's Schedule 2026";
const ROWS = [
  ['tiktok_video_url', 'tiktok_title', 'tiktok_privacy_status'],
  [
    'https://a/1.mp4',
    'one',
    'SELF_ONLY',
    'TRUE',
    'TRUE',
    'TRUE',
    'FALSE',
    'FALSE',
    'FALSE',
    '05-11-2026',
    '17',
    'draft',
  ],
  ['https://a/2.mp4', 'two', 'SELF_ONLY', '', '', '', '', '', '', '05-11-2026', '18', 'draft'],
  ['https://a/3.mp4', 'three', 'SELF_ONLY', '', '', '', '', '', '', '05-11-2026', '19', 'draft'],
];

/**
 * A proxy that answers every request with 403: with HTTP(S)_PROXY pointing here, any request the
 * client tries to send off 127.0.0.1 is recorded instead of reaching the internet.
 */
let trap: Server;
const escaped: string[] = [];
const savedEnv: Record<string, string | undefined> = {};
const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'];

beforeAll(async () => {
  trap = createServer((req, res) => {
    escaped.push(String(req.url));
    res.writeHead(403).end();
  });
  trap.on('connect', (req, socket) => {
    escaped.push(String(req.url));
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
  const proxy = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;
  for (const name of PROXY_VARS) savedEnv[name] = process.env[name];
  for (const name of PROXY_VARS) delete process.env[name];
  process.env.HTTPS_PROXY = proxy;
  process.env.HTTP_PROXY = proxy;
});

afterAll(async () => {
  for (const name of PROXY_VARS) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
  trap.closeAllConnections();
  await new Promise((resolve) => trap.close(resolve));
});

let run: RunningEmulator;
beforeEach(async () => {
  escaped.length = 0;
  run = await startEmulator();
  run.emulator.sheets.seed('book-1', SHEET, ROWS);
});
/** Set by the one test that expects a request to try to leave 127.0.0.1. */
let expectEscape = false;
afterEach(async () => {
  await run.close();
  if (!expectEscape) expect(escaped).toEqual([]);
  expectEscape = false;
});

function options(overrides: Partial<ConnectSheetOptions> = {}): ConnectSheetOptions {
  return {
    spreadsheetId: 'book-1',
    sheetName: SHEET,
    clientEmail: run.emulator.serviceAccount.clientEmail,
    privateKey: run.emulator.serviceAccount.privateKey,
    rootUrl: `${run.origin}/`,
    tokenUrl: run.tokenUrl,
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).message).not.toContain('\n');
  return error as Error;
}

const apiCalls = () => run.emulator.requests.filter((r) => r.endpoint !== 'token');

describe('connectSheet against the emulator', () => {
  test('reads A:L of a sheet whose name has spaces and an apostrophe, with the token from the emulator', async () => {
    const sheet = await connectSheet(options());
    await expect(sheet.readRows()).resolves.toEqual(ROWS);
    expect(run.emulator.requests.map((r) => r.endpoint)).toEqual(['token', 'get']);
    expect(decodeURIComponent(apiCalls()[0]!.path)).toContain("/values/'Ana''s Schedule 2026'!A:L");
    expect(escaped).toEqual([]);
  });

  test('markPublished writes column L of each row in one batchUpdate', async () => {
    const sheet = await connectSheet(options());
    await sheet.readRows();
    await sheet.markPublished([4, 2, 2]);
    expect(apiCalls().map((r) => `${r.method} ${r.endpoint}`)).toEqual(['GET get', 'POST batchUpdate']);
    const after = run.emulator.sheets.rows('book-1', SHEET);
    expect(after.map((r) => r[11])).toEqual([undefined, 'published', 'draft', 'published']);
    await sheet.markPublished([]);
    expect(apiCalls()).toHaveLength(2); // nothing to write, no request
  });

  test('without tokenUrl the grant would go to Google: the proxy trap sees it, nothing reaches the internet', async () => {
    expectEscape = true;
    const sheet = await connectSheet(options({ tokenUrl: undefined }));
    // The trap refuses the CONNECT; what matters is where the request went.
    expect(await failure(sheet.readRows())).toBeInstanceOf(AgorasError);
    expect(escaped.some((u) => u.includes('oauth2.googleapis.com'))).toBe(true);
    expect(run.emulator.requests).toEqual([]);
  });

  test('a rootUrl with a path keeps its path (the Google client alone would drop it)', async () => {
    const sheet = await connectSheet(options({ rootUrl: `${run.origin}/mounted/` }));
    // The emulator only serves /v4/…, so the prefixed path falls through to the host's 418.
    const error = await failure(sheet.readRows());
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toContain('418');
    expect(apiCalls()).toEqual([]);
  });

  test('a wrong spreadsheet id is a UsageError naming it', async () => {
    const sheet = await connectSheet(options({ spreadsheetId: 'no-such-book' }));
    const error = await failure(sheet.readRows());
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toContain('"no-such-book"');
  });

  test('a missing sheet with a space in its name is a UsageError naming it', async () => {
    const sheet = await connectSheet(options({ sheetName: 'Next Week' }));
    const error = await failure(sheet.readRows());
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe('There is no sheet "Next Week" in spreadsheet "book-1".');
  });

  test('a key the service account does not own is an AuthError from the token endpoint', async () => {
    const other = String(
      generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
    );
    const sheet = await connectSheet(options({ privateKey: other }));
    const error = await failure(sheet.readRows());
    expect(error).toBeInstanceOf(AuthError);
    expect(error.message).toMatch(/invalid_grant/);
    expect(apiCalls()).toEqual([]);
  });

  test('403 from Sheets is an AuthError telling to share the sheet', async () => {
    run.emulator.faults.add({ endpoint: 'get', status: 403 });
    const error = await failure((await connectSheet(options())).readRows());
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).hint).toMatch(/share the spreadsheet/);
  });

  test('a failing batchUpdate is a NetworkError and is not retried (a POST could double-write)', async () => {
    const sheet = await connectSheet(options());
    run.emulator.faults.add({ endpoint: 'batchUpdate', status: 503 });
    expect(await failure(sheet.markPublished([2]))).toBeInstanceOf(NetworkError);
    expect(apiCalls().map((r) => r.endpoint)).toEqual(['batchUpdate']);
  });

  test('a reset during a read is retried by the client', async () => {
    run.emulator.faults.add({ endpoint: 'get', action: 'reset' });
    await expect((await connectSheet(options())).readRows()).resolves.toEqual(ROWS);
    expect(apiCalls().map((r) => r.endpoint)).toEqual(['get', 'get']);
  });

  test('the emulator being down is a NetworkError', async () => {
    const sheet = await connectSheet(options());
    await run.close();
    expect(await failure(sheet.readRows())).toBeInstanceOf(NetworkError);
    run = await startEmulator();
  });
});

describe('normalizePrivateKey', () => {
  const pem = () => run.emulator.serviceAccount.privateKey;

  test('accepts literal \\n as in a JSON key file, and surrounding quotes', async () => {
    const escapedKey = `"${pem().trim().replaceAll('\n', '\\n')}"`;
    expect(escapedKey).not.toContain('\n');
    expect(normalizePrivateKey(escapedKey)).toBe(pem());
    const sheet = await connectSheet(options({ privateKey: escapedKey }));
    await expect(sheet.readRows()).resolves.toHaveLength(4);
  });

  test('accepts newlines flattened to spaces, and a whole JSON key file', () => {
    expect(normalizePrivateKey(pem().replaceAll('\n', ' '))).toBe(pem());
    expect(normalizePrivateKey(JSON.stringify({ type: 'service_account', private_key: pem() }))).toBe(pem());
  });

  test.each([
    ['not a key', 'hello'],
    ['a garbled body', '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg!!!notbase64\n-----END PRIVATE KEY-----'],
    [
      'a truncated key',
      '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----',
    ],
  ])('%s is a one-line AuthError before any request', async (_name, key) => {
    const error = await failure(connectSheet(options({ privateKey: key })));
    expect(error).toBeInstanceOf(AuthError);
    expect(run.emulator.requests).toEqual([]);
  });
});
