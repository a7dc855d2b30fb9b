import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthError, CancelledError, UsageError } from '../shared/errors.js';
import { remoteText } from '../shared/sanitize.js';

export interface CallbackResult {
  code: string;
  scopes: string[];
}

export interface CallbackServer {
  /** The redirect URI with its real port (port 0 asks for any free one). */
  redirectUri: string;
  /** Resolves with the first valid code; rejects on denial, timeout or abort. */
  result: Promise<CallbackResult>;
  close(): void;
}

const page = (title: string, text: string) =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title><body style="font-family:sans-serif;margin:3em"><h1>${title}</h1><p>${text}</p></body>`;

/**
 * Listens on 127.0.0.1 at the redirect URI's port and path for TikTok's redirect. Checks `state`
 * and the Host header, accepts exactly one code, and gives up after `timeoutMs`.
 */
export async function startCallbackServer(
  redirectUri: string,
  expectedState: string,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<CallbackServer> {
  const wanted = new URL(redirectUri);
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new UsageError(
              `Port ${wanted.port} on 127.0.0.1 is already in use, so the login callback cannot listen.`,
              { fix: { kind: 'redirect-port' } },
            )
          : error,
      );
    });
    server.listen(Number(wanted.port || 80), '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const actual = new URL(redirectUri);
  actual.port = String(port);
  const loopbackHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  let settle!: { resolve(r: CallbackResult): void; reject(e: Error): void };
  const result = new Promise<CallbackResult>((resolve, reject) => {
    settle = { resolve, reject };
  });
  result.catch(() => {}); // awaited by the caller; a cancel with nobody waiting is not an unhandled rejection
  let done = false;
  const finish = (fn: () => void) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    fn();
    setImmediate(() => server.close());
    server.closeAllConnections?.();
  };
  const timer = setTimeout(() => {
    finish(() =>
      settle.reject(
        new AuthError(
          `No answer from TikTok's login page within ${Math.round(options.timeoutMs / 60000)} minutes.`,
          {
            hint: 'run the authorize command again and approve in the browser',
          },
        ),
      ),
    );
  }, options.timeoutMs);
  const onAbort = () => finish(() => settle.reject(new CancelledError('Login cancelled.')));
  options.signal?.addEventListener('abort', onAbort, { once: true });

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const reply = (status: number, title: string, text: string) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', connection: 'close' });
      res.end(page(title, text));
    };
    // A page on another site cannot reach us through DNS rebinding: only loopback Host headers.
    if (!loopbackHosts.has(String(req.headers.host ?? '')))
      return reply(400, 'Bad request', 'Unexpected host.');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (req.method !== 'GET' || url.pathname !== wanted.pathname)
      return reply(404, 'Not found', 'Nothing here.');
    if (done) return reply(410, 'Already used', 'This login has already finished. You can close this tab.');
    if (url.searchParams.get('state') !== expectedState) {
      return reply(
        400,
        'Login not recognised',
        'The state does not match this login attempt. Start again from agoras.',
      );
    }
    const error = url.searchParams.get('error');
    if (error) {
      reply(200, 'TikTok login failed', 'You can close this tab and return to the terminal.');
      const description = url.searchParams.get('error_description');
      const message =
        error === 'access_denied'
          ? 'The TikTok login was denied in the browser.'
          : `TikTok's login page answered ${remoteText(error, 80)}${description ? `: ${remoteText(description)}` : ''}.`;
      return finish(() => settle.reject(new AuthError(message, { hint: 'run the authorize command again' })));
    }
    const code = url.searchParams.get('code');
    if (!code) return reply(400, 'Missing code', 'TikTok did not send a code.');
    reply(
      200,
      'Connected to TikTok',
      'agoras is authorized. You can close this tab and return to the terminal.',
    );
    const scopes = (url.searchParams.get('scopes') ?? '').split(',').filter(Boolean);
    finish(() => settle.resolve({ code, scopes }));
  });

  return {
    redirectUri: actual.href,
    result,
    close: () => finish(() => settle.reject(new CancelledError('Login cancelled.'))),
  };
}
