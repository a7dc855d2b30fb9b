import { createServer } from 'node:net';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { startCallbackServer } from '../../source/auth/callback-server.js';
import { challengeFor } from '../../source/auth/pkce.js';
import { AuthError, CancelledError, UsageError } from '../../source/shared/errors.js';

const get = async (url: string, host?: string) => {
  const res = await request(url, host ? { headers: { host } } : {});
  await res.body.dump();
  return res.statusCode;
};

describe('PKCE', () => {
  it('uses the lowercase hex SHA-256 that TikTok documents for desktop apps', () => {
    expect(challengeFor('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      '13d31e961a1ad8ec2f16b10c4c982e0876a878ad6df144566ee1894acb70f9c3',
    );
  });
});

describe('startCallbackServer', () => {
  it('listens on 127.0.0.1, refuses a wrong state and a foreign Host, accepts one code only', async () => {
    const cb = await startCallbackServer('http://127.0.0.1:0/callback/', 'good-state', { timeoutMs: 10_000 });
    const url = new URL(cb.redirectUri);
    expect(url.hostname).toBe('127.0.0.1');
    expect(await get(`${cb.redirectUri}?code=c1&state=bad`)).toBe(400);
    expect(await get(`${cb.redirectUri}?code=c1&state=good-state`, 'evil.example:80')).toBe(400);
    expect(await get(`${cb.redirectUri}?code=c%2A1&scopes=video.publish&state=good-state`)).toBe(200);
    await expect(cb.result).resolves.toEqual({ code: 'c*1', scopes: ['video.publish'] });
  });

  it('turns access_denied into an auth error', async () => {
    const cb = await startCallbackServer('http://127.0.0.1:0/callback/', 's', { timeoutMs: 10_000 });
    const settled = cb.result.catch((e) => e);
    await get(`${cb.redirectUri}?error=access_denied&error_description=no&state=s`);
    const error = await settled;
    expect(error).toBeInstanceOf(AuthError);
    expect(error.message).toMatch(/denied/);
  });

  it('gives up after its timeout with a clear message', async () => {
    const cb = await startCallbackServer('http://127.0.0.1:0/callback/', 's', { timeoutMs: 50 });
    await expect(cb.result).rejects.toThrow(/No answer from TikTok's login page/);
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    const cb = await startCallbackServer('http://127.0.0.1:0/callback/', 's', {
      timeoutMs: 10_000,
      signal: controller.signal,
    });
    controller.abort();
    await expect(cb.result).rejects.toBeInstanceOf(CancelledError);
  });

  it('says clearly when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    await expect(
      startCallbackServer(`http://127.0.0.1:${port}/callback/`, 's', { timeoutMs: 1000 }),
    ).rejects.toThrow(UsageError);
    blocker.close();
  });
});
