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
