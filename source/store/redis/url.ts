import { UsageError } from '../../shared/errors.js';

/** Where the store lives: today's conf file, or a Redis (or Valkey) server. */
export type StoreUrl = FileStoreUrl | RedisStoreUrl;

/** `file:`: the conf file in the config directory (the default; nothing to run). */
export interface FileStoreUrl {
  kind: 'file';
}

/** `redis://` or `rediss://` (TLS): a server shared by many runners. */
export interface RedisStoreUrl {
  kind: 'redis';
  /** The URL as given, password included: pass it to the client, never print it. */
  url: string;
  /** The same URL with its password masked: safe for messages and `store status`. */
  display: string;
  tls: boolean;
  host: string;
  port: number;
  db: number;
}

const DEFAULT_PORT = 6379;
const MASK = '••••';

/**
 * Masks the password (or a lone user-info part) of any URL-like text, even one `URL` cannot
 * parse, so that an error about a bad store URL never echoes its secret.
 */
export function maskUrl(text: string): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)(.*)@([^@]*)$/is.exec(text);
  if (!match) return text;
  const [, scheme, userinfo, rest] = match as unknown as [string, string, string, string];
  const colon = userinfo.indexOf(':');
  const masked = colon === -1 ? MASK : `${userinfo.slice(0, colon)}:${MASK}`;
  return `${scheme}${masked}@${rest}`;
}

function bad(text: string, what: string): UsageError {
  return new UsageError(`The store URL '${maskUrl(text)}' ${what}.`, {
    hint: 'use file: (the default) or redis://[user:password@]host:port/db (rediss:// for TLS)',
  });
}

/**
 * Parses a store URL (AGORAS_STORE): `file:`, `redis://[user:pass@]host[:port][/db]` or
 * `rediss://…`. Anything else is a UsageError naming what is wrong, the password masked.
 */
export function parseStoreUrl(text: string): StoreUrl {
  const trimmed = text.trim();
  if (trimmed === '') throw bad(text, 'is empty');
  if (/^file:(\/\/)?$/i.test(trimmed)) return { kind: 'file' };
  if (/^file:/i.test(trimmed))
    throw bad(text, 'takes no path (the file store lives in the config directory)');
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw bad(text, 'is not a URL');
  }
  const scheme = url.protocol.toLowerCase();
  if (scheme !== 'redis:' && scheme !== 'rediss:') {
    throw bad(text, `has the scheme '${scheme}', not file:, redis:// or rediss://`);
  }
  if (!trimmed.slice(scheme.length).startsWith('//') || url.hostname === '') throw bad(text, 'has no host');
  if (url.search !== '' || url.hash !== '') throw bad(text, 'has a query or fragment (not supported)');
  if (url.username !== '' && url.password === '') {
    throw bad(text, 'has a user name but no password (write redis://user:password@host)');
  }
  const port = url.port === '' ? DEFAULT_PORT : Number(url.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw bad(text, 'has an invalid port');
  const path = url.pathname.replace(/^\//, '');
  if (path !== '' && !/^\d{1,5}$/.test(path)) {
    throw bad(text, `has '/${path}' where a database number belongs (like /0)`);
  }
  const db = path === '' ? 0 : Number(path);
  return {
    kind: 'redis',
    url: trimmed,
    display: `${scheme}//${url.username || url.password ? `${url.username}:${MASK}@` : ''}${url.hostname}:${port}/${db}`,
    tls: scheme === 'rediss:',
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    db,
  };
}
