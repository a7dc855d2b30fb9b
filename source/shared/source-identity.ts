/**
 * What a video source was when its upload started, to tell on a later run whether it is still the
 * same bytes: a file by path, size, mtime and a hash of its first and last MiB; a URL by the
 * server's validators (ETag, Last-Modified), its size, and a hash of its first MiB.
 */
export type SourceIdentity =
  | { kind: 'file'; path: string; size: number; mtimeMs: number; edgeHash: string }
  | { kind: 'url'; url: string; size: number; etag?: string; lastModified?: string; headHash?: string };
