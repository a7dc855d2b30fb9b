import { AgorasError, NetworkError, UsageError } from './errors.js';

/** A redirect to a URL that is not http(s) (`file:///etc/passwd`): a bad URL, not a network failure. */
export function isBadRedirect(cause: unknown): boolean {
  const e = cause as { code?: string; message?: string };
  return e?.code === 'UND_ERR_INVALID_ARG' && /protocol/i.test(e.message ?? '');
}

/**
 * Network failures (after undici's retries) as one clear line with exit code 5; our own refusals
 * (a blocked address) pass through, and a redirect to a non-http(s) URL is a usage error.
 */
export function networkError(what: string, cause: unknown): AgorasError {
  if (cause instanceof AgorasError) return cause;
  if (isBadRedirect(cause)) {
    return new UsageError(`${what} redirects to a URL that is not http(s); only http(s) media is fetched.`, {
      cause,
    });
  }
  if (/redirect loop|max(imum)? redirections/i.test((cause as Error)?.message ?? '')) {
    return new UsageError(`${what} redirects in a loop; check the URL.`, { cause });
  }
  const code = (cause as { code?: string }).code;
  const reason =
    code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT'
      ? 'timed out'
      : (code ?? String(cause));
  return new NetworkError(`Could not reach ${what}: ${reason}.`, {
    hint: 'check your connection and try again',
    cause,
  });
}
