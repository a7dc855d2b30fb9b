import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { signAssertion } from './jwt.js';
import { type RunningEmulator, startEmulator } from './serve.js';

let run: RunningEmulator;
beforeEach(async () => {
  run = await startEmulator();
  run.emulator.sheets.seed('sheet-1', "Ana's Plan", [
    ['tiktok_video_url', 'tiktok_title', '', '', '', '', '', '', '', 'date', 'time', 'status'],
    ['https://a/1.mp4', 'one', '', '', '', '', '', '', '', '05-11-2026', '17', 'draft'],
    [],
    ['https://a/3.mp4', 'three'],
  ]);
  run.emulator.sheets.seed('sheet-1', 'Other', [['x']]);
});
afterEach(() => run.close());

const GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

async function token(assertion: string, grantType = GRANT) {
  const res = await fetch(run.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: grantType, assertion }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function bearer(): Promise<string> {
  const { clientEmail, privateKey } = run.emulator.serviceAccount;
  const { body } = await token(signAssertion(privateKey, { iss: clientEmail }));
  return String(body.access_token);
}

async function api(method: string, path: string, opts: { auth?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.auth !== undefined) headers.authorization = `Bearer ${opts.auth}`;
  const init: RequestInit = { method, headers };
  if (opts.body !== undefined) init.body = JSON.stringify(opts.body);
  const res = await fetch(`${run.origin}${path}`, init);
  // biome-ignore lint/suspicious/noExplicitAny: tests read deep into Google's JSON replies.
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const enc = encodeURIComponent;

describe('token endpoint', () => {
  test('a JWT signed with the service account key gets a bearer token', async () => {
    const { clientEmail, privateKey } = run.emulator.serviceAccount;
    expect(privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const { status, body } = await token(signAssertion(privateKey, { iss: clientEmail }));
    expect(status).toBe(200);
    expect(body).toMatchObject({ expires_in: 3600, token_type: 'Bearer' });
    expect(body.access_token).toEqual(expect.any(String));
  });

  test('a JWT signed with a different key is invalid_grant', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    const { status, body } = await token(
      signAssertion(String(other), { iss: run.emulator.serviceAccount.clientEmail }),
    );
    expect(status).toBe(400);
    expect(body).toEqual({ error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
  });

  test.each([
    ['another issuer', { iss: 'someone@else.iam.gserviceaccount.com' }, /issuer/],
    ['no spreadsheets scope', { scope: 'https://www.googleapis.com/auth/drive' }, /scope/],
    [
      'a lifetime over an hour',
      { iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 3601 },
      /short-lived/,
    ],
    [
      'an expired assertion',
      { iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 },
      /short-lived/,
    ],
  ])('%s is invalid_grant', async (_name, claims, description) => {
    const { clientEmail, privateKey } = run.emulator.serviceAccount;
    const { status, body } = await token(signAssertion(privateKey, { iss: clientEmail, ...claims }));
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_grant');
    expect(body.error_description).toMatch(description);
  });

  test('a wrong grant type is refused', async () => {
    const { status, body } = await token('x', 'client_credentials');
    expect(status).toBe(400);
    expect(body.error).toBe('unsupported_grant_type');
  });

  test('tokens expire after tokenTtlSec', async () => {
    await run.close();
    run = await startEmulator({ tokenTtlSec: 1 });
    run.emulator.sheets.seed('s', 'Sheet1', [['a']]);
    const auth = await bearer();
    expect((await api('GET', '/v4/spreadsheets/s/values/Sheet1', { auth })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await api('GET', '/v4/spreadsheets/s/values/Sheet1', { auth })).status).toBe(401);
  });
});

describe('values API', () => {
  test("no or unknown bearer token is 401 UNAUTHENTICATED in Google's shape", async () => {
    for (const auth of [undefined, 'made-up']) {
      const { status, body } = await api('GET', `/v4/spreadsheets/sheet-1/values/${enc('Other!A1')}`, {
        auth,
      });
      expect(status).toBe(401);
      expect(body.error).toMatchObject({ code: 401, status: 'UNAUTHENTICATED' });
    }
  });

  test('get with a quoted sheet name returns rows, trailing blanks omitted', async () => {
    const auth = await bearer();
    const { status, body } = await api('GET', `/v4/spreadsheets/sheet-1/values/${enc("'Ana''s Plan'!A:L")}`, {
      auth,
    });
    expect(status).toBe(200);
    expect(body.range).toBe("'Ana''s Plan'!A1:L1000");
    expect(body.majorDimension).toBe('ROWS');
    expect(body.values).toHaveLength(4);
    expect(body.values[0]).toHaveLength(12);
    expect(body.values[2]).toEqual([]);
    expect(body.values[3]).toEqual(['https://a/3.mp4', 'three']);
  });

  test('a bounded range returns just those cells; an empty range has no values key', async () => {
    const auth = await bearer();
    const sub = await api('GET', `/v4/spreadsheets/sheet-1/values/${enc("'Ana''s Plan'!B2:C4")}`, { auth });
    expect(sub.body).toEqual({
      range: "'Ana''s Plan'!B2:C4",
      majorDimension: 'ROWS',
      values: [['one'], [], ['three']],
    });
    const empty = await api('GET', `/v4/spreadsheets/sheet-1/values/${enc('Other!C5:D9')}`, { auth });
    expect(empty.body).toEqual({ range: 'Other!C5:D9', majorDimension: 'ROWS' });
  });

  test('unknown spreadsheet is 404 NOT_FOUND, unknown sheet is 400 "Unable to parse range"', async () => {
    const auth = await bearer();
    const missingBook = await api('GET', `/v4/spreadsheets/nope/values/${enc('Other!A:L')}`, { auth });
    expect(missingBook.status).toBe(404);
    expect(missingBook.body.error).toMatchObject({ code: 404, status: 'NOT_FOUND' });
    const missingSheet = await api('GET', `/v4/spreadsheets/sheet-1/values/${enc("'Next Week'!A:L")}`, {
      auth,
    });
    expect(missingSheet.status).toBe(400);
    expect(missingSheet.body.error).toMatchObject({
      code: 400,
      status: 'INVALID_ARGUMENT',
      message: "Unable to parse range: 'Next Week'!A:L",
    });
  });

  test('update requires valueInputOption and writes inside its range only', async () => {
    const auth = await bearer();
    const path = `/v4/spreadsheets/sheet-1/values/${enc('Other!B2:C2')}`;
    const missing = await api('PUT', path, { auth, body: { values: [['a', 'b']] } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/valueInputOption/);
    const ok = await api('PUT', `${path}?valueInputOption=RAW`, { auth, body: { values: [['a', true]] } });
    expect(ok.body).toMatchObject({
      updatedRange: 'Other!B2:C2',
      updatedRows: 1,
      updatedColumns: 2,
      updatedCells: 2,
    });
    expect(run.emulator.sheets.rows('sheet-1', 'Other')).toEqual([['x'], ['', 'a', 'TRUE']]);
    const tooWide = await api('PUT', `${path}?valueInputOption=USER_ENTERED`, {
      auth,
      body: { values: [['a', 'b', 'c']] },
    });
    expect(tooWide.status).toBe(400);
  });

  test('batchUpdate writes every range, or none when one is bad', async () => {
    const auth = await bearer();
    const path = '/v4/spreadsheets/sheet-1/values:batchUpdate';
    const bad = await api('POST', path, {
      auth,
      body: {
        valueInputOption: 'RAW',
        data: [
          { range: "'Ana''s Plan'!L2", values: [['published']] },
          { range: 'Nope!L1', values: [['x']] },
        ],
      },
    });
    expect(bad.status).toBe(400);
    expect(run.emulator.sheets.rows('sheet-1', "Ana's Plan")[1]?.[11]).toBe('draft');
    const ok = await api('POST', path, {
      auth,
      body: {
        valueInputOption: 'RAW',
        data: [
          { range: "'Ana''s Plan'!L2", values: [['published']] },
          { range: "'Ana''s Plan'!L4", values: [['published']] },
        ],
      },
    });
    expect(ok.body).toMatchObject({ totalUpdatedCells: 2, totalUpdatedSheets: 1 });
    const rows = run.emulator.sheets.rows('sheet-1', "Ana's Plan");
    expect(rows[1]?.[11]).toBe('published');
    expect(rows[3]).toEqual(['https://a/3.mp4', 'three', '', '', '', '', '', '', '', '', '', 'published']);
    const noOption = await api('POST', path, {
      auth,
      body: { data: [{ range: 'Other!A1', values: [['y']] }] },
    });
    expect(noOption.status).toBe(400);
  });

  test('append writes below the last row with content', async () => {
    const auth = await bearer();
    const res = await api(
      'POST',
      `/v4/spreadsheets/sheet-1/values/${enc('Other!A:L')}:append?valueInputOption=RAW`,
      {
        auth,
        body: { values: [['appended', 'row']] },
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.updates.updatedRange).toBe('Other!A2:B2');
    expect(run.emulator.sheets.rows('sheet-1', 'Other')).toEqual([['x'], ['appended', 'row']]);
  });

  test('faults: respond with a status, reset the connection, or delay', async () => {
    const auth = await bearer();
    const path = `/v4/spreadsheets/sheet-1/values/${enc('Other!A1')}`;
    run.emulator.faults.add({ endpoint: 'get', status: 503 });
    const failed = await api('GET', path, { auth });
    expect(failed.status).toBe(503);
    expect(failed.body.error.status).toBe('UNAVAILABLE');
    expect((await api('GET', path, { auth })).status).toBe(200);

    run.emulator.faults.add({ endpoint: 'get', action: 'reset' });
    await expect(api('GET', path, { auth })).rejects.toThrow();

    run.emulator.faults.add({ endpoint: 'get', action: 'delay', delayMs: 300 });
    const started = Date.now();
    expect((await api('GET', path, { auth })).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  test('the handler declines paths that are not its own and logs what it served', async () => {
    const res = await fetch(`${run.origin}/v2/post/publish/`);
    expect(res.status).toBe(418); // fell through to the host server
    await res.text();
    await bearer();
    expect(run.emulator.requests.map((r) => r.endpoint)).toEqual(['token']);
  });
});
