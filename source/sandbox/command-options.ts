import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { type ClientSpec, parseClientFlag } from './clients.js';
import { parseDuration, parseLifetimes } from './durations.js';
import { MAX_MODERATION_MS, SANDBOX_ENV, sandboxOptionsFromEnv } from './env.js';
import type { FaultsDocument } from './faults.js';
import type { SandboxOptions } from './index.js';

export const USAGE = `Usage: agoras sandbox [flags]

Runs a local TikTok (Login Kit, Content Posting API, webhooks, Display API) until Ctrl+C.
Prints one JSON line with its URLs and client credentials first.

  --port N           port to listen on (default: any free port)
  --host ADDR        address to listen on (default 127.0.0.1; 0.0.0.0 in a container)
  --public-url URL   the base URL clients reach it on (default http://127.0.0.1:PORT)
  --auto-consent     the authorize page approves at once instead of showing Approve/Deny
  --client T:KEY:SECRET[:URI,…]  one more app: T is desktop (PKCE, loopback redirect URIs)
                     or web (https redirect URIs on its domain, no PKCE); repeatable
  --webhook-url [KEY=]URL  send the app's webhook events there (default app without KEY=);
                     repeatable
  --webhook-duplicate  deliver every webhook event twice (TikTok delivers at least once)
  --status-delay MS  how long a publish stays PROCESSING before its final state (default 1500)
  --moderation-delay D  how long a public post's id is withheld after PUBLISH_COMPLETE
                     (publicaly_available_post_id: []); 1500, 30s, 2h; default 10s, 0 = at once
  --token-lifetimes A/R  access and refresh token lifetimes (default 2h/180d, TikTok's
                     current pages; 24h/365d for the old ones; bare numbers are seconds)
  --faults FILE      JSON faults to arm at start (same body as POST <adminUrl>/faults)
  --unaudited        act as an app TikTok has not audited: SELF_ONLY only, posts to a public account
                     refused, daily caps (15 posts, 5 pending inbox shares)
  --private-account  the sandbox account is private (what an unaudited app can post to)
  --sparse           status replies leave out byte counts and post ids, as TikTok's often do
  --retry-after      rate-limited replies (429) carry Retry-After (TikTok's do not)
  --help             show this help

Environment: AGORAS_SANDBOX_UNAUDITED=1, AGORAS_SANDBOX_PRIVATE_ACCOUNT=1, AGORAS_SANDBOX_SPARSE=1,
AGORAS_SANDBOX_RETRY_AFTER=1, AGORAS_SANDBOX_STATUS_DELAY_MS=N, AGORAS_SANDBOX_MODERATION_DELAY=D,
AGORAS_SANDBOX_TOKEN_LIFETIMES=A/R and AGORAS_SANDBOX_HOST=ADDR do the same; flags win.
`;

/** What `agoras sandbox` was asked for: the sandbox's options and the faults to arm once it runs. */
export interface SandboxCommand {
  help: boolean;
  options: SandboxOptions;
  faults?: FaultsDocument;
}

function parseIntFlag(value: string | undefined, name: string, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > max)
    throw new Error(`${name} must be a whole number up to ${max}.`);
  return Number(value);
}

/** `--webhook-url URL` is the default app's; `--webhook-url KEY=URL` another app's. */
function splitWebhook(text: string): { key?: string; url: string } {
  if (/^https?:\/\//i.test(text)) return { url: text };
  const at = text.indexOf('=');
  if (at < 1) throw new Error(`--webhook-url must be URL or CLIENT_KEY=URL (got ${text.slice(0, 40)}).`);
  return { key: text.slice(0, at), url: text.slice(at + 1) };
}

/** Attach each `--webhook-url` to its app; a key that names no app is a mistake said at once. */
function attachWebhooks(options: SandboxOptions, clients: ClientSpec[], webhooks: string[]): void {
  for (const { key, url } of webhooks.map(splitWebhook)) {
    if (key === undefined) {
      options.webhookUrls = [...(options.webhookUrls ?? []), url];
      continue;
    }
    const client = clients.find((c) => c.clientKey === key);
    if (!client) throw new Error(`--webhook-url names client ${key}, which no --client registers.`);
    client.webhookUrls = [...(client.webhookUrls ?? []), url];
  }
}

/** Parse argv and the AGORAS_SANDBOX_* environment; throws one line on anything wrong. */
export async function parseSandboxCommand(argv: string[], env: NodeJS.ProcessEnv): Promise<SandboxCommand> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'public-url': { type: 'string' },
      'auto-consent': { type: 'boolean' },
      client: { type: 'string', multiple: true },
      'webhook-url': { type: 'string', multiple: true },
      'webhook-duplicate': { type: 'boolean' },
      faults: { type: 'string' },
      'status-delay': { type: 'string' },
      'moderation-delay': { type: 'string' },
      'token-lifetimes': { type: 'string' },
      unaudited: { type: 'boolean' },
      'private-account': { type: 'boolean' },
      sparse: { type: 'boolean' },
      'retry-after': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { help: true, options: {} };
  const options: SandboxOptions = {
    ...sandboxOptionsFromEnv(env),
    autoConsent: values['auto-consent'] ?? false,
  };
  if (values.unaudited) options.unaudited = true;
  if (values['private-account']) options.privateAccount = true;
  if (values.sparse) options.sparse = true;
  if (values['retry-after']) options.retryAfter = true;
  if (values['webhook-duplicate']) options.webhookDuplicate = true;
  const port = parseIntFlag(values.port, '--port', 65_535);
  if (port !== undefined) options.port = port;
  const host = values.host ?? env[SANDBOX_ENV.host];
  if (host !== undefined && host !== '') options.host = host;
  if (values['public-url'] !== undefined) {
    if (!URL.canParse(values['public-url']) || !/^https?:$/.test(new URL(values['public-url']).protocol)) {
      throw new Error('--public-url must be an http(s) URL, like http://sandbox:8080.');
    }
    options.publicUrl = values['public-url'].replace(/\/+$/, '');
  }
  const delay = parseIntFlag(values['status-delay'], '--status-delay', 3_600_000);
  if (delay !== undefined) options.statusDelayMs = delay;
  if (values['moderation-delay'] !== undefined) {
    const name = '--moderation-delay';
    options.moderationDelayMs = parseDuration(values['moderation-delay'], name, 'ms', MAX_MODERATION_MS);
  }
  if (values['token-lifetimes'] !== undefined) {
    Object.assign(options, parseLifetimes(values['token-lifetimes'], '--token-lifetimes'));
  }
  const clients = (values.client ?? []).map(parseClientFlag);
  attachWebhooks(options, clients, values['webhook-url'] ?? []);
  if (clients.length > 0) options.clients = clients;
  const faults =
    values.faults === undefined
      ? undefined
      : (JSON.parse(await readFile(values.faults, 'utf8')) as FaultsDocument);
  return faults === undefined ? { help: false, options } : { help: false, options, faults };
}
