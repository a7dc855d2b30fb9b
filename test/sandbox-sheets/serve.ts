import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSheetsEmulator, type SheetsEmulator } from '../../source/sandbox/sheets/index.js';

/** The emulator mounted on a plain HTTP server on 127.0.0.1:0, as the sandbox would mount it. */
export interface RunningEmulator {
  emulator: SheetsEmulator;
  origin: string;
  tokenUrl: string;
  close(): Promise<void>;
}

/** Starts an emulator over real HTTP; close() stops it. */
export async function startEmulator(opts: { tokenTtlSec?: number } = {}): Promise<RunningEmulator> {
  const emulator = createSheetsEmulator(opts);
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!emulator.handler(req, res, url)) {
      res.writeHead(418, { 'content-type': 'text/plain' });
      res.end('not a Sheets path');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    emulator,
    origin,
    tokenUrl: `${origin}/google/oauth2/token`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
