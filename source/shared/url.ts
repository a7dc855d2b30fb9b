/**
 * Whether a media input names a URL rather than a file: it starts with http:// or https://. A
 * malformed URL is still a URL (and is refused as one), never looked for on disk.
 */
export function looksLikeUrl(input: string): boolean {
  return /^https?:\/\//i.test(input.trim());
}

/** True for an absolute http(s) URL with a host. */
export function isHttpUrl(input: string): boolean {
  try {
    const url = new URL(input);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
