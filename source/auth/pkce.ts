import { createHash, randomBytes } from 'node:crypto';

/** A PKCE verifier: 43 characters of [A-Za-z0-9-_], from 32 random bytes. */
export function createVerifier(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The code challenge as TikTok's desktop Login Kit documents it: the lowercase hex SHA-256 of the
 * verifier (not RFC 7636's base64url). Kept in one function in case TikTok changes its mind.
 */
export function challengeFor(verifier: string): string {
  return createHash('sha256').update(verifier).digest('hex');
}

/** An unguessable `state` value that ties the callback to this login attempt. */
export function createState(): string {
  return randomBytes(16).toString('hex');
}
