import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN_PATH } from './admin.js';
import { type ClientConfig, type ClientSpec, clientFromSpec } from './clients.js';
import type { ResolvedOptions, SandboxContext, SandboxOptions } from './context.js';
import { Faults } from './faults.js';
import { endModeration } from './publish.js';
import { RateLimiter } from './rate-limit.js';
import { createRouter, type ExtraHandler } from './server.js';
import { DEMO_CLIP_PATH, serveDemoClip } from './sheets/demo-clip.js';
import { DEMO_SHEET, demoScheduleRows } from './sheets/demo-sheet.js';
import { createSheetsEmulator, type SheetsEmulator, TOKEN_PATH } from './sheets/index.js';
import { createState, type SandboxState, type WebhookDelivery } from './state.js';
import { Webhooks } from './webhooks.js';

export type { SandboxOptions } from './context.js';
export { SANDBOX_ENV, sandboxOptionsFromEnv } from './env.js';
export type { ActiveFault, FaultEndpoint, FaultHit, FaultSpec, FaultsDocument } from './faults.js';
export { Faults } from './faults.js';
export type * from './state.js';
export { webhookSignature } from './webhooks.js';

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
  /** Every webhook delivery so far, with its attempts and outcome. */
  webhooks: WebhookDelivery[];
  /** Extension point: extra route handlers, tried after TikTok's routes and the Sheets emulator, before the 404. */
  use(handler: (req: IncomingMessage, res: ServerResponse, url: URL) => boolean | Promise<boolean>): void;
  close(): Promise<void>;
}

/** TikTok's token lifetimes as its current pages give them: 2 h access, 180 d refresh. */
export const ACCESS_TOKEN_TTL_SEC = 2 * 60 * 60;
export const REFRESH_TOKEN_TTL_SEC = 180 * 24 * 60 * 60;

/** Short enough to wait for by hand, long enough that a client meets PUBLISH_COMPLETE without an id. */
export const DEFAULT_MODERATION_DELAY_MS = 10_000;

function resolveOptions(options: SandboxOptions): ResolvedOptions {
  return {
    port: options.port ?? 0,
    autoConsent: options.autoConsent ?? false,
    clientKey: options.clientKey ?? `sbxck_${randomBytes(8).toString('hex')}`,
    clientSecret: options.clientSecret ?? `sbxcs_${randomBytes(16).toString('hex')}`,
    accessTokenTtlSec: options.accessTokenTtlSec ?? ACCESS_TOKEN_TTL_SEC,
    refreshTokenTtlSec: options.refreshTokenTtlSec ?? REFRESH_TOKEN_TTL_SEC,
    statusDelayMs: options.statusDelayMs ?? 1500,
    moderationDelayMs: options.moderationDelayMs ?? DEFAULT_MODERATION_DELAY_MS,
    webhookRetryBaseMs: options.webhookRetryBaseMs ?? 1000,
    rateLimits: options.rateLimits ?? true,
    uploadUrlTtlSec: options.uploadUrlTtlSec ?? 3600,
    retryAfter: options.retryAfter ?? false,
    sparse: options.sparse ?? false,
    unaudited: options.unaudited ?? false,
    privateAccount: options.privateAccount ?? false,
    dailyCaps: options.dailyCaps ?? options.unaudited ?? false,
    verifiedPrefixes: options.verifiedPrefixes ?? [],
  };
}

/** The default desktop app and any others, keyed by client key (a key given twice: the last wins). */
function registeredClients(resolved: ResolvedOptions, options: SandboxOptions): Map<string, ClientConfig> {
  const specs: ClientSpec[] = [
    {
      clientKey: resolved.clientKey,
      clientSecret: resolved.clientSecret,
      type: 'desktop',
      redirectUris: options.redirectUris ?? [],
      webhookUrls: options.webhookUrls ?? [],
    },
    ...(options.clients ?? []),
  ];
  return new Map(specs.map((spec) => [spec.clientKey, clientFromSpec(spec)]));
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
    faults: new Faults(state, {
      endModeration: () => endModeration(ctx),
      authorizationRemoved: (key, openId, reason) => ctx.events.authorizationRemoved(key, openId, reason),
    }),
    limiter: new RateLimiter(resolved.rateLimits, options.rateWindowMs),
    events: { emit() {}, authorizationRemoved() {} },
    clients: registeredClients(resolved, options),
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
  const webhooks = new Webhooks(ctx, resolved.webhookRetryBaseMs);
  ctx.events = webhooks;
  if (options.webhookDuplicate) ctx.faults.webhookDuplicate = true;
  // Google Sheets lives on the same port: the Google client requests <root>/v4/…, our token path is apart.
  const sheets = createSheetsEmulator();
  const extras: ExtraHandler[] = [
    (req, res, url) => serveDemoClip(req, res, url),
    (req, res, url) => sheets.handler(req, res, url),
  ];
  const server = createServer(createRouter(ctx, extras));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = options.publicUrl ?? `http://${options.host === '::1' ? '[::1]' : '127.0.0.1'}:${port}`;
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
    webhooks: state.webhooks,
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
