import type { ServerResponse } from 'node:http';
import { escapeHtml, OAuthError, sendEnvelopeJson, sendOAuthError, sendText } from './http.js';
import type { EndpointName, SandboxState } from './state.js';

export type FaultEndpoint = EndpointName;

/** What to break, where, and how many times. */
export interface FaultSpec {
  endpoint: FaultEndpoint;
  /** How many requests it affects; default 1. */
  times?: number;
  /** 'respond' (default): answer with status/code; 'reset': destroy the socket; 'delay': answer late. */
  action?: 'respond' | 'reset' | 'delay';
  /** HTTP status for 'respond'; default 500. */
  status?: number;
  /** Error code; default follows the status (internal_error, rate_limit_exceeded, …). */
  code?: string;
  message?: string;
  /** Sets the Retry-After header; none when not given (TikTok's own 429s carry none). */
  retryAfterSec?: number;
  /** For 'delay': how long before the normal answer; default 1000. */
  delayMs?: number;
  /** For the upload endpoint: only this chunk (0-based); any chunk when not given. */
  chunkIndex?: number;
  /** For 'reset' on uploads: bytes of the chunk to take in before the socket is destroyed. */
  afterBytes?: number;
}

export interface ActiveFault extends FaultSpec {
  id: number;
  remaining: number;
}

/** A record that a fault fired, so tests can see it did. */
export interface FaultHit {
  id: number;
  endpoint: FaultEndpoint;
  action: 'respond' | 'reset' | 'delay';
  at: number;
  chunkIndex?: number;
}

/** The JSON accepted by `--faults FILE` and POST /__sandbox/faults. */
export type FaultsDocument =
  | FaultSpec[]
  | {
      faults?: FaultSpec[];
      clear?: boolean;
      expireAccessTokens?: boolean;
      expireUploadUrls?: boolean;
      revokeRefreshTokens?: boolean;
      denyConsent?: boolean;
      failNextPublish?: string;
      /** Every public post still in moderation gets its id now. */
      endModeration?: boolean;
      /** From now on (until cleared) the token endpoint answers its errors with HTTP 200, the body saying `error`. */
      tokenErrorsWith200?: boolean;
      /** From now on (until cleared) every webhook event is delivered twice: receivers must dedupe. */
      webhookDuplicate?: boolean;
    };

/** What a faults document can set off beyond the state: wired by the sandbox that owns the faults. */
export interface FaultActions {
  endModeration(): void;
  authorizationRemoved(clientKey: string, openId: string, reason: number): void;
}

const ENDPOINTS: readonly FaultEndpoint[] = [
  'authorize',
  'token',
  'revoke',
  'creator_info',
  'video_init',
  'inbox_init',
  'photo_init',
  'status',
  'upload',
  'user_info',
  'video_list',
  'video_query',
];

/** Switchable failures: canned error replies, socket resets, slow replies, token expiry, denial. */
export class Faults {
  readonly active: ActiveFault[] = [];
  readonly hits: FaultHit[] = [];
  /** The token endpoint's errors come with HTTP 200 (a reply some clients have met from TikTok). */
  tokenErrorsWith200 = false;
  /** Every webhook event goes out twice (TikTok promises at-least-once delivery). */
  webhookDuplicate = false;
  private nextId = 1;
  private consentDenials = 0;
  private readonly failReasons: string[] = [];

  constructor(
    private readonly state: SandboxState,
    private readonly actions: FaultActions = { endModeration() {}, authorizationRemoved() {} },
  ) {}

  /** Arm a fault; returns its id (see `hits`). */
  add(spec: FaultSpec): number {
    if (!ENDPOINTS.includes(spec.endpoint))
      throw new Error(`Unknown fault endpoint: ${String(spec.endpoint)}`);
    const id = this.nextId++;
    this.active.push({ ...spec, id, remaining: spec.times ?? 1 });
    return id;
  }

  /** Disarm everything (armed faults, pending denials and forced failures); keeps `hits`. */
  clear(): void {
    this.active.length = 0;
    this.consentDenials = 0;
    this.failReasons.length = 0;
    this.tokenErrorsWith200 = false;
    this.webhookDuplicate = false;
  }

  /** Every access token issued so far is expired from now on (refresh tokens still work). */
  expireAccessTokens(): void {
    const past = Date.now() - 1000;
    for (const token of this.state.accessTokens.values()) token.expires_at = past;
  }

  /** Every upload URL issued so far is past its hour: its PUTs get 403, as TikTok's do. */
  expireUploadUrls(): void {
    const past = Date.now() - 1000;
    for (const upload of this.state.uploads.values()) upload.expires_at = past;
  }

  /**
   * Every refresh token issued so far stops working, as when the user removes the app; each app that
   * lost a user hears `authorization.removed` (reason 1: the user disconnected it).
   */
  revokeRefreshTokens(): void {
    const removed = new Map<string, string>();
    for (const token of this.state.refreshTokens.values()) {
      if (!token.revoked) removed.set(`${token.client_key}\u0000${token.open_id}`, token.client_key);
      token.revoked = true;
    }
    for (const [pair, clientKey] of removed) {
      this.actions.authorizationRemoved(clientKey, pair.slice(clientKey.length + 1), 1);
    }
  }

  /** The next authorize request redirects with error=access_denied, as if the person pressed Deny. */
  denyConsent(): void {
    this.consentDenials++;
  }

  /** The next publish (any init) ends FAILED with this fail_reason. */
  failNextPublish(reason = 'internal'): void {
    this.failReasons.push(reason);
  }

  /** Apply a faults document (file or admin endpoint). */
  apply(doc: FaultsDocument): void {
    const specs = Array.isArray(doc) ? doc : (doc.faults ?? []);
    if (!Array.isArray(doc)) {
      if (doc.clear) this.clear();
      if (doc.expireAccessTokens) this.expireAccessTokens();
      if (doc.expireUploadUrls) this.expireUploadUrls();
      if (doc.revokeRefreshTokens) this.revokeRefreshTokens();
      if (doc.denyConsent) this.denyConsent();
      if (typeof doc.failNextPublish === 'string') this.failNextPublish(doc.failNextPublish);
      if (doc.endModeration) this.actions.endModeration();
      if (typeof doc.tokenErrorsWith200 === 'boolean') this.tokenErrorsWith200 = doc.tokenErrorsWith200;
      if (typeof doc.webhookDuplicate === 'boolean') this.webhookDuplicate = doc.webhookDuplicate;
    }
    for (const spec of specs) this.add(spec);
  }

  /** @internal Consume the first armed fault matching this request, recording the hit. */
  take(endpoint: FaultEndpoint, chunkIndex?: number): ActiveFault | undefined {
    const fault = this.active.find(
      (f) =>
        f.endpoint === endpoint &&
        f.remaining > 0 &&
        (f.chunkIndex === undefined || chunkIndex === undefined || f.chunkIndex === chunkIndex),
    );
    if (!fault) return undefined;
    fault.remaining--;
    if (fault.remaining <= 0) this.active.splice(this.active.indexOf(fault), 1);
    const hit: FaultHit = { id: fault.id, endpoint, action: fault.action ?? 'respond', at: Date.now() };
    if (chunkIndex !== undefined) hit.chunkIndex = chunkIndex;
    this.hits.push(hit);
    return fault;
  }

  /** @internal True once per denyConsent() call. */
  takeConsentDenial(): boolean {
    if (this.consentDenials === 0) return false;
    this.consentDenials--;
    return true;
  }

  /** @internal The forced fail_reason for the publish being created, if any. */
  takeFailReason(): string | undefined {
    return this.failReasons.shift();
  }
}

function defaultCode(endpoint: FaultEndpoint, status: number): string {
  const oauth = endpoint === 'token' || endpoint === 'revoke' || endpoint === 'authorize';
  if (status === 429) return oauth ? 'temporarily_unavailable' : 'rate_limit_exceeded';
  if (status >= 500)
    return oauth ? (status === 503 ? 'temporarily_unavailable' : 'server_error') : 'internal_error';
  if (status === 401) return oauth ? 'invalid_client' : 'access_token_invalid';
  if (status === 403) return oauth ? 'access_denied' : 'spam_risk_too_many_posts';
  return oauth ? 'invalid_request' : 'invalid_params';
}

/** Answer a request the way a 'respond' fault says, in the endpoint's own error format. */
export function respondWithFault(res: ServerResponse, fault: ActiveFault): void {
  const status = fault.status ?? 500;
  const code = fault.code ?? defaultCode(fault.endpoint, status);
  const message = fault.message ?? `Sandbox fault: ${code}`;
  const headers: Record<string, string> = {};
  if (fault.retryAfterSec !== undefined) headers['Retry-After'] = String(fault.retryAfterSec);
  if (fault.endpoint === 'authorize') {
    const html = `<!doctype html><title>Error</title><h1>${status}</h1><p>${escapeHtml(message)}</p>`;
    sendText(res, status, html, 'text/html; charset=utf-8', headers);
  } else if (fault.endpoint === 'token' || fault.endpoint === 'revoke') {
    sendOAuthError(res, new OAuthError(status, code, message), headers);
  } else {
    sendEnvelopeJson(res, status, '{}', code, message, headers);
  }
}
