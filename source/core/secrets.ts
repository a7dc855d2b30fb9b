/** Every secret this process has seen (tokens, client secrets, private keys), to mask in any output. */
const secrets = new Set<string>();

/** Remembers a secret so that `redact` masks it wherever it appears. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 6) secrets.add(value);
}

/** A masked form that shows only enough to tell two tokens apart. */
export function mask(value: string): string {
  return value.length <= 8 ? '••••' : `${value.slice(0, 4)}••••${value.slice(-2)}`;
}

/** Replaces every registered secret in a text with its masked form. */
export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join(mask(secret));
  }
  return out;
}
