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

/** Replaces every registered secret in a text with its masked form. */
export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join(mask(secret));
  }
  return out;
}
