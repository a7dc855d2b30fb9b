import { OAuthError } from './http.js';

/**
 * An app registered with the sandbox, as a developer registers it with TikTok. A desktop app proves its
 * logins with PKCE and redirects to loopback; a web app (Login Kit for Web) registers https redirect URIs
 * on its own domain and sends no code_verifier (TikTok: "required for mobile and desktop app only").
 */
export interface ClientConfig {
  client_key: string;
  client_secret: string;
  type: 'desktop' | 'web';
  /**
   * Registered redirect URIs, matched exactly (a desktop URI may register the port as `*`). A desktop
   * app with none takes any loopback URI with a port, as the sandbox always has.
   */
  redirect_uris: string[];
  /** The app's webhook callback URLs (TikTok has one per app; more here, to feed several receivers). */
  webhook_urls: string[];
}

/** How a caller describes an app (SandboxOptions.clients, `--client`, POST /__sandbox/clients). */
export interface ClientSpec {
  clientKey: string;
  clientSecret: string;
  type?: 'desktop' | 'web';
  redirectUris?: string[];
  webhookUrls?: string[];
}

const LOOPBACK = /^(127\.0\.0\.1|localhost|\[::1\])$/;
const MAX_URIS = 10;
// What a desktop app that registered nothing may use: loopback, an explicit port, nothing after the path.
const ANY_LOOPBACK = /^https?:\/\/(127\.0\.0\.1|localhost):(\d{1,5})(\/[^?#\s]*)?$/;

/** TikTok's redirect URI rules: absolute, no query or fragment, under 512 characters; per app type, where. */
export function checkRedirectUriShape(uri: string, type: ClientConfig['type']): string | undefined {
  if (uri.length >= 512) return 'is 512 characters or more';
  // A registered desktop URI may say `*` for the port; URL() would refuse it.
  const parsed = URL.canParse(uri.replace(/:\*(?=\/|$)/, ':1'))
    ? new URL(uri.replace(/:\*(?=\/|$)/, ':1'))
    : undefined;
  if (!parsed) return 'is not an absolute URL';
  if (parsed.search || parsed.hash || /[?#]/.test(uri)) return 'has a query or fragment';
  if (type === 'web') {
    if (parsed.protocol !== 'https:') return 'must be https for a web app';
    if (LOOPBACK.test(parsed.hostname)) return 'must be on your own domain for a web app, not loopback';
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'must be http or https';
  if (!LOOPBACK.test(parsed.hostname)) return 'must be on localhost or 127.0.0.1 for a desktop app';
  if (!/:(\d{1,5}|\*)(\/|$)/.test(uri.slice(parsed.protocol.length + 2))) return 'needs a port';
  return undefined;
}

/** A ClientSpec checked and in the sandbox's shape; throws one line saying what is wrong. */
export function clientFromSpec(spec: ClientSpec): ClientConfig {
  const type = spec.type ?? 'desktop';
  if (type !== 'desktop' && type !== 'web')
    throw new Error(`client type must be desktop or web (got ${String(type)}).`);
  if (!/^[\w.-]{1,64}$/.test(spec.clientKey ?? ''))
    throw new Error('a client key is 1-64 letters, digits, . _ or -.');
  if (!spec.clientSecret) throw new Error(`client ${spec.clientKey} needs a client secret.`);
  const redirect_uris = spec.redirectUris ?? [];
  if (type === 'web' && redirect_uris.length === 0) {
    throw new Error(`web client ${spec.clientKey} needs at least one https redirect URI.`);
  }
  if (redirect_uris.length > MAX_URIS)
    throw new Error(`client ${spec.clientKey}: at most ${MAX_URIS} redirect URIs.`);
  for (const uri of redirect_uris) {
    const wrong = checkRedirectUriShape(uri, type);
    if (wrong) throw new Error(`client ${spec.clientKey}: redirect URI ${uri} ${wrong}.`);
  }
  const webhook_urls = spec.webhookUrls ?? [];
  for (const url of webhook_urls) {
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
      throw new Error(`client ${spec.clientKey}: webhook URL ${url} is not an http(s) URL.`);
    }
  }
  return { client_key: spec.clientKey, client_secret: spec.clientSecret, type, redirect_uris, webhook_urls };
}

/**
 * `--client TYPE:KEY:SECRET[:URI[,URI…]]`, e.g. `web:awkey:awsecret:https://app.example.com/auth/callback`.
 * The URIs come last because they hold colons themselves.
 */
export function parseClientFlag(text: string): ClientSpec {
  const [type, clientKey, clientSecret, ...rest] = text.split(':');
  if (clientKey === undefined || clientSecret === undefined) {
    throw new Error(`--client must be TYPE:KEY:SECRET[:REDIRECT_URI,…] (got ${text.split(':')[0]}:…).`);
  }
  const uris = rest.join(':');
  return {
    type: type as ClientSpec['type'],
    clientKey,
    clientSecret,
    redirectUris: uris === '' ? [] : uris.split(','),
  };
}

/** Does `uri` match a registered one? Exact, but for a registered `*` port on a desktop URI. */
function matchesRegistered(uri: string, registered: string): boolean {
  if (uri === registered) return true;
  const star = /^(https?:\/\/[^/:]+):\*(\/.*)?$/.exec(registered);
  if (!star) return false;
  const m = /^(https?:\/\/[^/:]+):(\d{1,5})(\/.*)?$/.exec(uri);
  return Boolean(m) && m![1] === star[1] && (m![3] ?? '') === (star[2] ?? '');
}

/** Whether an authorize request's redirect_uri is one this app may use. */
export function redirectAllowed(client: ClientConfig, uri: string): boolean {
  if (client.redirect_uris.length > 0) return client.redirect_uris.some((r) => matchesRegistered(uri, r));
  if (client.type !== 'desktop') return false;
  const port = Number(ANY_LOOPBACK.exec(uri)?.[2] ?? 0);
  return uri.length < 512 && port >= 1 && port <= 65_535;
}

/** The app a token request names, with its secret checked: 401 invalid_client otherwise. */
export function checkClientSecret(
  clients: Map<string, ClientConfig>,
  key: string,
  secret: string,
): ClientConfig {
  const client = clients.get(key);
  if (!client || client.client_secret !== secret) {
    throw new OAuthError(401, 'invalid_client', 'Client key or secret is wrong.');
  }
  return client;
}
