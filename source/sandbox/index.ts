import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN_PATH } from './admin.js';
import type { ResolvedOptions, SandboxContext, SandboxOptions } from './context.js';
import { Faults } from './faults.js';
import { RateLimiter } from './rate-limit.js';
import { createRouter, type ExtraHandler } from './server.js';
import { DEMO_CLIP_PATH, serveDemoClip } from './sheets/demo-clip.js';
import { DEMO_SHEET, demoScheduleRows } from './sheets/demo-sheet.js';
import { createSheetsEmulator, type SheetsEmulator, TOKEN_PATH } from './sheets/index.js';
import { createState, type SandboxState } from './state.js';

export type { SandboxOptions } from './context.js';
export { SANDBOX_ENV, sandboxOptionsFromEnv } from './env.js';
export type { ActiveFault, FaultEndpoint, FaultHit, FaultSpec, FaultsDocument } from './faults.js';
export { Faults } from './faults.js';
export type * from './state.js';

export interface Sandbox {
  urls: {
    tiktokApiBaseUrl: string;
    tiktokAuthUrl: string;
    adminUrl: string;
    baseUrl: string;
    /** Google Sheets v4 root (the client appends /v4/…) and the service-account token URL. */
    googleSheetsRootUrl: string;
    googleOAuthTokenUrl: string;
  };
  /** The Google Sheets emulator mounted on the same server, with the service account it trusts. */
  sheets: SheetsEmulator;
  clientKey: string;
  clientSecret: string;
  /** Inspectable by tests. */
  state: SandboxState;
  faults: Faults;
  /** Extension point: extra route handlers, tried after TikTok's routes and the Sheets emulator, before the 404. */
  use(handler: (req: IncomingMessage, res: ServerResponse, url: URL) => boolean | Promise<boolean>): void;
  close(): Promise<void>;
}

function resolveOptions(options: SandboxOptions): ResolvedOptions {
  return {
    port: options.port ?? 0,
    autoConsent: options.autoConsent ?? false,
    clientKey: options.clientKey ?? `sbxck_${randomBytes(8).toString('hex')}`,
    clientSecret: options.clientSecret ?? `sbxcs_${randomBytes(16).toString('hex')}`,
    accessTokenTtlSec: options.accessTokenTtlSec ?? 86_400,
    refreshTokenTtlSec: options.refreshTokenTtlSec ?? 31_536_000,
    statusDelayMs: options.statusDelayMs ?? 1500,
    rateLimits: options.rateLimits ?? true,
    uploadUrlTtlSec: options.uploadUrlTtlSec ?? 3600,
    retryAfter: options.retryAfter ?? false,
    sparse: options.sparse ?? false,
    unaudited: options.unaudited ?? false,
    privateAccount: options.privateAccount ?? false,
    dailyCaps: options.dailyCaps ?? options.unaudited ?? false,
  };
}

/** Start a strict local TikTok (OAuth + Content Posting API) on 127.0.0.1. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const resolved = resolveOptions(options);
  const state = createState(options.creator, resolved.privateAccount);
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;
  const ctx: SandboxContext = {
    options: resolved,
    state,
    faults: new Faults(state),
    limiter: new RateLimiter(resolved.rateLimits, options.rateWindowMs),
    baseUrl: '',
    pulls: new Set(),
    later(ms, fn) {
      if (closed) return;
      const timer = setTimeout(() => {
        timers.delete(timer);
        fn();
      }, ms);
      timers.add(timer);
    },
  };
  // Google Sheets lives on the same port: the Google client requests <root>/v4/…, our token path is apart.
  const sheets = createSheetsEmulator();
  const extras: ExtraHandler[] = [
    (req, res, url) => serveDemoClip(req, res, url),
    (req, res, url) => sheets.handler(req, res, url),
  ];
  const server = createServer(createRouter(ctx, extras));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  ctx.baseUrl = baseUrl;
  // Rows to try the schedule on, their video served here (the sheet and its media on one loopback host).
  sheets.sheets.seed(DEMO_SHEET.id, DEMO_SHEET.name, demoScheduleRows(`${baseUrl}${DEMO_CLIP_PATH}`));
  return {
    urls: {
      tiktokApiBaseUrl: baseUrl,
      tiktokAuthUrl: `${baseUrl}/v2/auth/authorize/`,
      adminUrl: `${baseUrl}${ADMIN_PATH}`,
      baseUrl,
      googleSheetsRootUrl: `${baseUrl}/`,
      googleOAuthTokenUrl: `${baseUrl}${TOKEN_PATH}`,
    },
    sheets,
    clientKey: resolved.clientKey,
    clientSecret: resolved.clientSecret,
    state,
    faults: ctx.faults,
    use(handler) {
      extras.push(handler);
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const pull of ctx.pulls) pull.abort();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive and half-sent uploads would hold close() open forever.
      server.closeAllConnections();
      await done;
    },
  };
}
