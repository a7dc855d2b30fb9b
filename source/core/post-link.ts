import type { PostRecord } from '../store/post-records.js';
import { recordMode } from './caps.js';
import { postUrl } from './post-status.js';

/**
 * Where a post can be seen. TikTok gives a public post's id only once moderation ends ("usually
 * within one minute, in some cases a few hours"; shared/tiktok-api.md), so PUBLISH_COMPLETE can come
 * without it; a SELF_ONLY post and an inbox draft have no public link at all.
 */
export type PostLink =
  | { kind: 'link'; urls: string[] }
  | { kind: 'moderation' }
  | { kind: 'private' }
  | { kind: 'draft' }
  | { kind: 'none' };

/** What is known of a post: its last status, its ids, how it was posted, and by whom. */
export interface PostFacts {
  status?: string;
  postIds?: string[];
  privacy?: string;
  mode?: 'direct' | 'inbox';
  creatorUsername?: string;
}

/** The link of a post, or why there is none (yet). */
export function postLinkOf(facts: PostFacts): PostLink {
  if (facts.postIds?.length)
    return { kind: 'link', urls: facts.postIds.map((id) => postUrl(facts.creatorUsername, id)) };
  if (facts.mode === 'inbox' || facts.status === 'SEND_TO_USER_INBOX') return { kind: 'draft' };
  // A record from before privacy was kept cannot tell "Only me" from "still in moderation".
  if (facts.status !== 'PUBLISH_COMPLETE' || facts.privacy === undefined) return { kind: 'none' };
  return facts.privacy === 'SELF_ONLY' ? { kind: 'private' } : { kind: 'moderation' };
}

/** The facts a post record holds. */
export function recordFacts(record: PostRecord): PostFacts {
  return {
    mode: recordMode(record),
    ...(record.status ? { status: record.status.status } : {}),
    ...(record.status?.postIds ? { postIds: record.status.postIds } : {}),
    ...(record.privacy ? { privacy: record.privacy } : {}),
    ...(record.creatorUsername ? { creatorUsername: record.creatorUsername } : {}),
  };
}

/**
 * One line on the link, for the command line and the wizard alike (undefined: nothing to say). TikTok
 * withholds a public post's id until moderation ends: "usually within one minute, in some cases a few hours".
 */
export function postLinkWords(link: PostLink): string | undefined {
  switch (link.kind) {
    case 'link':
      return link.urls.join(' ');
    case 'moderation':
      // Short: it must fit one line under "Link: " beside the rest of a 24-row screen.
      return 'not given yet, TikTok is still moderating it; agoras history fills it in';
    case 'private':
      return "none (posted as 'Only me')";
    default:
      return undefined;
  }
}

/** Records worth asking TikTok about again for their link: published, public, the id withheld, this week. */
export function awaitingLink(record: PostRecord, now = Date.now()): boolean {
  return postLinkOf(recordFacts(record)).kind === 'moderation' && record.at > now - 7 * 24 * 60 * 60 * 1000;
}
