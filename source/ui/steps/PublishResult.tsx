import { Box, Text } from 'ink';
import { postLinkWords } from '../../core/post-link.js';
import { creatorIdentity } from '../../core/post-summary.js';
import { GUIDELINE_TEXT, PRIVACY_LABELS } from '../../core/rules.js';
import { statusCommand } from '../../shared/commands.js';
import { plural } from '../../shared/format.js';
import type { PostJob } from '../../shared/post-job.js';
import type { CreatorInfo } from '../../tiktok/types.js';
import { tint } from '../colors.js';
import type { PublishView } from '../hooks/use-publish.js';
import { statusHeadline } from '../outcome.js';
import { ReviewRow } from './ReviewParts.js';

/** The post's public page, when TikTok has given its ID and the creator's @username is known. */
export function postUrl(job: PostJob, creator: CreatorInfo | undefined, postId: string): string | undefined {
  if (!creator?.creator_username) return undefined;
  return `https://www.tiktok.com/@${creator.creator_username}/${job.kind === 'video' ? 'video' : 'photo'}/${postId}`;
}

export interface PublishResultProps {
  result: NonNullable<PublishView['result']>;
  job: PostJob;
  creator?: CreatorInfo | undefined;
  username: string;
  /** Posted to the built-in sandbox: the command to check on it later says --sandbox. */
  sandbox?: boolean | undefined;
}

/**
 * The end of the run, kept on screen when the wizard exits: what was posted where, the publish ID,
 * the post's URL when TikTok gives one, and the command to check on it later; or the error with
 * its hint and next step.
 */
export function PublishResult({ result, job, creator, username, sandbox }: PublishResultProps) {
  if (result.kind === 'failed') {
    const { failure } = result;
    return (
      <>
        <Text color={tint('red')} bold>
          ✗ {failure.message}
        </Text>
        {failure.hint && <Text>{failure.hint}</Text>}
        <Text dimColor>Next: {failure.next}</Text>
      </>
    );
  }
  const { publishId, link } = result.outcome;
  const status = result.outcome.status ?? { status: 'PROCESSING_UPLOAD' as const };
  const finished = status.status === 'PUBLISH_COMPLETE' || status.status === 'SEND_TO_USER_INBOX';
  const postIds = status.publicaly_available_post_id ?? [];
  const what =
    job.kind === 'video' ? `Video ${job.media}` : `Photo post of ${plural(job.images.length, 'image')}`;
  return (
    <>
      <Text color={tint('green')} bold>
        ✓ {statusHeadline(status.status)}
      </Text>
      <Box flexDirection="column" marginTop={1}>
        <ReviewRow label="What">{what}</ReviewRow>
        <ReviewRow label="Title">{job.title === '' ? '(none)' : job.title}</ReviewRow>
        <ReviewRow label="Account">{creator ? creatorIdentity(creator, username) : username}</ReviewRow>
        <ReviewRow label="Privacy">
          {job.mode === 'inbox' ? 'Draft in your TikTok inbox' : PRIVACY_LABELS[job.privacy]}
        </ReviewRow>
        <ReviewRow label="Publish ID">{publishId}</ReviewRow>
        {postIds.map((id) => (
          <ReviewRow key={id} label="Post">
            {postUrl(job, creator, id) ?? `ID ${id}`}
          </ReviewRow>
        ))}
        {(link?.kind === 'moderation' || link?.kind === 'private') && (
          <ReviewRow label="Link">{postLinkWords(link)}</ReviewRow>
        )}
      </Box>
      <Box flexDirection="column" marginTop={1}>
        {!finished && <Text dimColor>{GUIDELINE_TEXT.mayTakeMinutes}</Text>}
        {status.status === 'SEND_TO_USER_INBOX' && (
          <Text>Open the TikTok app to finish the post from your inbox.</Text>
        )}
        <Text>
          Check on it later: <Text bold>{statusCommand(publishId, sandbox)}</Text>
        </Text>
      </Box>
    </>
  );
}
