import { createPrivateKey } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { expandHome } from '../media/media-path.js';
import { AuthError, UsageError } from '../shared/errors.js';

const HINT =
  'paste the "private_key" value from the service account\'s JSON key file (with its -----BEGIN PRIVATE KEY----- line)';

function unquote(text: string): string {
  let s = text.trim();
  while (s.length >= 2 && (s[0] === '"' || s[0] === "'") && s.at(-1) === s[0]) s = s.slice(1, -1).trim();
  return s;
}

/**
 * Turns a private key as users paste it into a PEM Node can load. Accepts real newlines, the
 * literal `\n` escapes of a JSON key file, surrounding quotes, newlines flattened to spaces by a
 * shell or CI secret, or the whole JSON key file. Anything else is an AuthError with one line.
 */
export function normalizePrivateKey(raw: string): string {
  let text = unquote(raw);
  if (text.startsWith('{')) {
    try {
      const json = JSON.parse(text) as { private_key?: unknown };
      if (typeof json.private_key === 'string') text = json.private_key.trim();
    } catch {}
  }
  text = text.replace(/\\r\\n|\\n|\\r/g, '\n').replace(/\r\n?/g, '\n');
  const m = /-----BEGIN ((?:RSA |EC )?PRIVATE KEY)-----([\s\S]*?)-----END \1-----/.exec(text);
  const body = m?.[2]?.replace(/\s+/g, '');
  if (!m || !body || !/^[A-Za-z0-9+/]+={0,2}$/.test(body)) {
    throw new AuthError('The Google service account private key is not a PEM private key.', { hint: HINT });
  }
  // Re-wrap at 64 columns: this repairs keys whose newlines became spaces on the way.
  const pem = `-----BEGIN ${m[1]}-----\n${body.match(/.{1,64}/g)!.join('\n')}\n-----END ${m[1]}-----\n`;
  try {
    createPrivateKey(pem);
  } catch (error) {
    throw new AuthError('The Google service account private key is damaged and cannot be loaded.', {
      hint: HINT,
      cause: error,
    });
  }
  return pem;
}

/**
 * The one service-account loader, for both front ends: the PEM key itself (or the whole JSON key
 * pasted), or the path of the service account's JSON key file (its client_email wins).
 */
export async function loadServiceAccount(input: {
  clientEmail: string;
  privateKey: string;
}): Promise<{ clientEmail: string; privateKey: string }> {
  const raw = input.privateKey.trim();
  const path = expandHome(raw);
  const isFile =
    raw !== '' && !raw.includes('PRIVATE KEY') && (await stat(path).catch(() => undefined))?.isFile();
  // Not a file: the key itself, judged (with one clear line) when the sheet is opened.
  if (!isFile) return { clientEmail: input.clientEmail.trim(), privateKey: input.privateKey };
  let key: { client_email?: unknown; private_key?: unknown };
  try {
    key = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    throw new UsageError(`${raw} is not a JSON key file.`);
  }
  if (typeof key.private_key !== 'string') throw new UsageError(`${raw} has no private_key.`);
  const clientEmail = typeof key.client_email === 'string' ? key.client_email : input.clientEmail.trim();
  return { clientEmail, privateKey: key.private_key };
}
