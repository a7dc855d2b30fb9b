import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { UsageError } from '../../shared/errors.js';

/** The version prefix of a sealed value; a newer format gets a new prefix, never a silent reread. */
export const SEALED_PREFIX = 'v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
// v1:<iv, 16 base64url chars>:<tag, 22 base64url chars>:<ciphertext, base64url>
const SEALED = /^v1:([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{22}):([A-Za-z0-9_-]*)$/;
const KEY_HINT = 'make one with: openssl rand -base64 32';

/**
 * Reads a store key (AGORAS_STORE_KEY): 32 bytes in base64 (standard or URL-safe). Anything
 * else is a UsageError that never echoes the text.
 */
export function parseStoreKey(text: string): Buffer {
  const compact = text.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(compact) || compact.replace(/=+$/, '').length % 4 === 1) {
    throw new UsageError('AGORAS_STORE_KEY is not base64.', { hint: KEY_HINT });
  }
  const key = Buffer.from(compact.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== KEY_BYTES) {
    throw new UsageError(`AGORAS_STORE_KEY must be ${KEY_BYTES} bytes (base64); it has ${key.length}.`, {
      hint: KEY_HINT,
    });
  }
  return key;
}

/** The store key from the environment, or undefined when AGORAS_STORE_KEY is unset or empty. */
export function storeKeyFromEnv(env: NodeJS.ProcessEnv = process.env): Buffer | undefined {
  const text = env.AGORAS_STORE_KEY;
  return text === undefined || text.trim() === '' ? undefined : parseStoreKey(text);
}

function checkKey(key: Uint8Array): void {
  if (key.length !== KEY_BYTES) throw new UsageError(`A store key must be ${KEY_BYTES} bytes.`);
}

/** True when a stored value has the sealed format (whatever key sealed it). */
export function isSealed(value: string): boolean {
  return value.startsWith(SEALED_PREFIX) && SEALED.test(value);
}

/**
 * Seals a secret with AES-256-GCM: a random 12-byte IV, the 16-byte tag, and `context` (the
 * record and field it belongs to) as associated data, so a sealed value moved to another field or
 * account no longer opens.
 */
export function sealSecret(plain: string, key: Uint8Array, context = ''): string {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `${SEALED_PREFIX}${iv.toString('base64url')}:${tag.toString('base64url')}:${body.toString('base64url')}`;
}

/**
 * Opens a value made by `sealSecret` with the same key and context. A wrong key, another
 * context, an altered value or an unknown format is a UsageError (nothing is guessed).
 */
export function openSecret(sealed: string, key: Uint8Array, context = ''): string {
  checkKey(key);
  const match = SEALED.exec(sealed);
  if (!match) {
    throw new UsageError(
      /^v\d+:/.test(sealed) && !sealed.startsWith(SEALED_PREFIX)
        ? 'A secret in the store was sealed by a newer agoras (unknown format).'
        : 'A secret in the store is not a sealed value (damaged?).',
    );
  }
  const [, iv, tag, body] = match as unknown as [string, string, string, string];
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new UsageError(
      'A secret in the store does not open with this AGORAS_STORE_KEY (a different key, or the value was altered).',
      { hint: 'use the key the store was written with' },
    );
  }
}

export interface SecretPolicyInput {
  /** The connection is TLS (`rediss://`). */
  tls: boolean;
  /** A store key is set: secrets are sealed before they leave the process. */
  key: Uint8Array | undefined;
  /** The user allowed plain-text secrets explicitly (a private loopback or network). */
  insecure: boolean;
}

/**
 * Whether tokens may be written to this store: yes over TLS, or with a key (sealed), or when
 * allowed explicitly; otherwise the UsageError to throw, with the reason. Returns undefined when
 * writing is fine.
 */
export function checkSecretPolicy({ tls, key, insecure }: SecretPolicyInput): UsageError | undefined {
  if (tls || key !== undefined || insecure) return undefined;
  return new UsageError(
    'Refusing to write tokens to a redis:// store in plain text: the connection is not encrypted and no store key is set.',
    { fix: { kind: 'store-secrets' } },
  );
}
