import { sign } from 'node:crypto';

/** Signs a JWT-bearer assertion the way google-auth-library does (RS256). */
export function signAssertion(privateKey: string, claims: Record<string, unknown>): string {
  const now = Math.floor(Date.now() / 1000);
  const body = {
    scope: 'https://www.googleapis.com/auth/spreadsheets',
    aud: 'https://oauth2.googleapis.com/token',
    iat: now,
    exp: now + 3600,
    ...claims,
  };
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc(body)}`;
  return `${input}.${sign('RSA-SHA256', Buffer.from(input), privateKey).toString('base64url')}`;
}
