import { connect, type Socket } from 'node:net';

/** A response read straight off the socket: header names exactly as sent, in order. */
export interface RawResponse {
  status: number;
  /** [name, value] pairs as they came, case preserved. */
  rawHeaders: [string, string][];
  /** Lowercased names → value, for lookups. */
  headers: Record<string, string>;
  body: Buffer;
  /** Interim responses (e.g. "100 Continue") seen before the final one. */
  interim: number[];
}

/**
 * One HTTP/1.1 request written by hand, so header spelling, order and `Expect: 100-continue` are exactly
 * what a real client sends (undici and fetch normalize them). With `expectContinue`, the body is held
 * back until the server answers 100 Continue, as curl does.
 */
export function rawRequest(
  url: string,
  request: { method: string; headers: [string, string][]; body?: Buffer | string; expectContinue?: boolean },
): Promise<RawResponse> {
  const target = new URL(url);
  const body = request.body === undefined ? Buffer.alloc(0) : Buffer.from(request.body);
  const head =
    `${request.method} ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\n` +
    request.headers.map(([name, value]) => `${name}: ${value}\r\n`).join('') +
    (request.expectContinue ? 'Expect: 100-continue\r\n' : '') +
    'Connection: close\r\n\r\n';
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(Number(target.port), target.hostname, () => {
      socket.write(head);
      if (!request.expectContinue) socket.end(body);
    });
    let buffer = Buffer.alloc(0);
    const interim: number[] = [];
    let sentBody = !request.expectContinue;
    socket.on('data', (part: Buffer) => {
      buffer = Buffer.concat([buffer, part]);
      // Peel off interim (1xx) responses; send the held body after a 100.
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(buffer.toString('latin1', 0, end))?.[1]);
        if (status < 100 || status > 199) return;
        interim.push(status);
        buffer = buffer.subarray(end + 4);
        if (status === 100 && !sentBody) {
          sentBody = true;
          socket.end(body);
        }
      }
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) {
        reject(new Error(`no response (interim: ${interim.join(',')})`));
        return;
      }
      const lines = buffer.toString('latin1', 0, end).split('\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(lines[0] ?? '')?.[1]);
      const rawHeaders = lines.slice(1).map((line): [string, string] => {
        const colon = line.indexOf(':');
        return [line.slice(0, colon), line.slice(colon + 1).trim()];
      });
      const headers = Object.fromEntries(rawHeaders.map(([n, v]) => [n.toLowerCase(), v]));
      resolve({ status, rawHeaders, headers, body: buffer.subarray(end + 4), interim });
    });
  });
}
