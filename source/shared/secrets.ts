import { createHash } from 'node:crypto';

/** Every secret this process has seen (tokens, client secrets, private keys), to mask in any output. */
const secrets = new Set<string>();

/** Remembers a secret so that `redact` masks it wherever it appears. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 6) secrets.add(value);
}

/** A masked form that tells two tokens apart (a hash fingerprint) without revealing any of their secret part. */
export function mask(value: string): string {
  if (value.length <= 8) return '••••';
  // Only TikTok's public token prefixes are kept; nothing of a secret's own characters is shown.
  const prefix = /^(act|rft)\./.exec(value)?.[0] ?? '';
  return `${prefix}••••#${createHash('sha256').update(value).digest('hex').slice(0, 6)}`;
}

/** How many of a secret's own characters (past a public act./rft. prefix) make a quote of it. */
const PREFIX_SHOWN = 8;

/**
 * Replaces every registered secret in a text with its masked form, and so any quote of one that
 * starts like it (a server echoing the first 30 characters of a token is still a leak).
 */
export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) {
    const pub = /^(act|rft)\./.test(secret) ? 4 : 0;
    const probe = secret.slice(0, pub + PREFIX_SHOWN);
    if (!out.includes(probe)) continue;
    if (probe.length < pub + PREFIX_SHOWN) {
      out = out.split(secret).join(mask(secret));
      continue;
    }
    let result = '';
    let from = 0;
    for (let at = out.indexOf(probe); at !== -1; at = out.indexOf(probe, from)) {
      let end = at + probe.length;
      while (end - at < secret.length && out[end] === secret[end - at]) end++;
      result += out.slice(from, at) + mask(secret);
      from = end;
    }
    out = result + out.slice(from);
  }
  return out;
}

/** Query parameters of an upload URL that carry its capability (TikTok's is `upload_token`). */
const CAPABILITY_PARAM = /token|sig|secret|key|auth|credential/i;

/**
 * An upload URL is a secret: whoever holds it can send bytes into the post until it expires. Its
 * token is masked wherever it appears (in the URL, or alone in a server's message), and so is any
 * quote of the URL's query. The URL as a whole is not registered: `redact` masks whatever starts like
 * a secret, and every URL starts with `https://`.
 */
export function registerUploadUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    registerSecret(url); // not a URL we can parse: the whole string is masked
    return;
  }
  let found = false;
  for (const [name, value] of parsed.searchParams) {
    if (!CAPABILITY_PARAM.test(name)) continue;
    registerSecret(value);
    found = true;
  }
  // No parameter says which one is the capability: the whole query is.
  if (!found) registerSecret(parsed.search.slice(1));
}
