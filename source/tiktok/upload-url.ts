/** TikTok's API, and the host its upload URLs are on (shared/tiktok-api.md, Media Transfer Guide). */
export const TIKTOK_API_ORIGIN = 'https://open.tiktokapis.com';
export const TIKTOK_UPLOAD_HOST = 'open-upload.tiktokapis.com';

/**
 * Why an upload URL must not get the video's bytes, or undefined when it may: https on TikTok's
 * upload host, or — with another API base (the sandbox, TIKTOK_API_BASE_URL) — on that base's own
 * origin. Anything else (another host, http:, file:, a URL with credentials) is refused: an init
 * reply or a stored record naming it would send the video to whoever wrote it.
 */
export function uploadUrlProblem(raw: string, apiBaseUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'it is not a URL';
  }
  if (url.username || url.password) return 'it carries credentials';
  if (url.protocol === 'https:' && url.hostname === TIKTOK_UPLOAD_HOST && url.port === '') return undefined;
  const base = new URL(apiBaseUrl);
  if (base.origin !== TIKTOK_API_ORIGIN && url.origin === base.origin) return undefined;
  return `it is not https on ${TIKTOK_UPLOAD_HOST}${base.origin !== TIKTOK_API_ORIGIN ? ` nor on ${base.origin}` : ''}`;
}

/** What TikTok's publish IDs are made of; anything else is refused before it names a file or a key. */
export function isPublishId(id: string): boolean {
  return /^[A-Za-z0-9_~-][A-Za-z0-9_.~-]{0,127}$/.test(id);
}
