import { Text } from 'ink';
import { GUIDELINE_TEXT } from '../../core/rules.js';
import { tint } from '../colors.js';
import type { PublishView } from '../hooks/use-publish.js';
import { statusHeadline } from '../outcome.js';

/** The end of the run: publish ID and status in words, or the error with its hint and next step. */
export function PublishResult({ result }: { result: NonNullable<PublishView['result']> }) {
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
  const { publishId } = result.outcome;
  const status = result.outcome.status ?? { status: 'PROCESSING_UPLOAD' as const };
  const finished = status.status === 'PUBLISH_COMPLETE' || status.status === 'SEND_TO_USER_INBOX';
  const postIds = status.publicaly_available_post_id ?? [];
  return (
    <>
      <Text color={tint('green')} bold>
        ✓ {statusHeadline(status.status)}
      </Text>
      <Text>Publish ID: {publishId}</Text>
      {postIds.length > 0 && <Text>Post ID: {postIds.join(', ')}</Text>}
      {!finished && <Text dimColor>{GUIDELINE_TEXT.mayTakeMinutes}</Text>}
    </>
  );
}
