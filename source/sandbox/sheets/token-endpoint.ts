import { generateKeyPairSync, type KeyObject, randomBytes, verify } from 'node:crypto';

export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
export const TOKEN_PATH = '/google/oauth2/token';
const SPREADSHEETS_SCOPE = 'https://www.googleapis.com/auth/spreadsheets';
const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Google tolerates a little clock skew on iat. */
const SKEW_SEC = 60;

export interface TokenReply {
  status: number;
  body: Record<string, unknown>;
}

/** A service account: its key pair, and the access tokens minted for it. */
export class TokenIssuer {
  readonly clientEmail = 'agoras-sandbox@agoras-sandbox.iam.gserviceaccount.com';
  #keys: { publicKey: KeyObject; privateKey: string } | undefined;
  readonly #tokens = new Map<string, number>();
  readonly #ttlSec: number;

  constructor(ttlSec = 3600) {
    this.#ttlSec = ttlSec;
  }

  // Made on first use: RSA-2048 costs ~100–170 ms, which `agoras --sandbox` should not pay up front.
  get #pair(): { publicKey: KeyObject; privateKey: string } {
    if (!this.#keys) {
      const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      this.#keys = { publicKey, privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
    }
    return this.#keys;
  }

  /** The service account's private key (PKCS#8 PEM). */
  get privateKey(): string {
    return this.#pair.privateKey;
  }

  /** True when `authorization` carries a live access token this issuer minted. */
  accepts(authorization: string | undefined): boolean {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    const expires = token === undefined ? undefined : this.#tokens.get(token);
    return expires !== undefined && Date.now() < expires;
  }

  /** Handles the token endpoint's form body: the JWT-bearer grant, checked as Google checks it. */
  exchange(form: URLSearchParams): TokenReply {
    if (form.get('grant_type') !== JWT_GRANT) {
      return fail('unsupported_grant_type', `Invalid grant_type: ${form.get('grant_type') ?? ''}`);
    }
    const assertion = form.get('assertion');
    if (!assertion) return fail('invalid_request', 'Missing required parameter: assertion');
    const claims = this.#verify(assertion);
    if (typeof claims === 'string') return fail('invalid_grant', claims);
    const token = `ya29.sandbox-${randomBytes(24).toString('base64url')}`;
    this.#tokens.set(token, Date.now() + this.#ttlSec * 1000);
    return { status: 200, body: { access_token: token, expires_in: this.#ttlSec, token_type: 'Bearer' } };
  }

  /** The claims when the JWT is good, else Google's error description. */
  #verify(jwt: string): Record<string, unknown> | string {
    const parts = jwt.split('.');
    if (parts.length !== 3)
      return 'Invalid JWT: Token must be a short-lived token and in a reasonable timeframe';
    const [h, p, s] = parts as [string, string, string];
    let header: Record<string, unknown>;
    let claims: Record<string, unknown>;
    try {
      header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
      claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    } catch {
      return 'Invalid JWT: malformed header or claims';
    }
    if (header.alg !== 'RS256') return 'Invalid JWT: unsupported algorithm';
    const ok = verify(
      'RSA-SHA256',
      Buffer.from(`${h}.${p}`),
      this.#pair.publicKey,
      Buffer.from(s, 'base64url'),
    );
    if (!ok) return 'Invalid JWT Signature.';
    if (claims.iss !== this.clientEmail) return 'Invalid JWT: unknown issuer (client email)';
    const aud = String(claims.aud ?? '');
    if (aud !== GOOGLE_TOKEN_URL && !aud.endsWith(TOKEN_PATH))
      return 'Invalid JWT: audience is not the token URL';
    const scopes = String(claims.scope ?? '').split(' ');
    if (!scopes.includes(SPREADSHEETS_SCOPE)) return 'Invalid JWT: scope does not include spreadsheets';
    const now = Math.floor(Date.now() / 1000);
    const { iat, exp } = claims;
    if (typeof iat !== 'number' || typeof exp !== 'number' || exp - iat > 3600 || exp <= iat) {
      return 'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.';
    }
    if (exp <= now || iat > now + SKEW_SEC) {
      return 'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.';
    }
    return claims;
  }
}

function fail(error: string, description: string): TokenReply {
  return { status: 400, body: { error, error_description: description } };
}
