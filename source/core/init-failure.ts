import { AgorasError, markNotPublished, NetworkError } from '../shared/errors.js';

/** An init that TikTok refused created nothing; one lost on the way may have (unless it only uploads). */
export function initFailure(error: unknown, uploads: boolean): unknown {
  const refused = error instanceof AgorasError && !(error instanceof NetworkError);
  return uploads || refused ? markNotPublished(error) : error;
}
