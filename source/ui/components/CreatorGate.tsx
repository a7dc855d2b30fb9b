import { Text } from 'ink';
import { RefusedError } from '../../shared/errors.js';
import { tint } from '../colors.js';
import type { CreatorState } from '../hooks/use-creator-info.js';
import { useKeys } from '../hooks/use-keys.js';
import { describeFailure } from '../outcome.js';
import { KEYS } from './KeyHelp.js';
import { StepBody } from './Layout.js';
import { Spinner } from './Spinner.js';

/**
 * What a post screen shows until the creator's settings are known: a spinner, or why they cannot
 * be had (TikTok refusing this account, or TikTok not answering), with Esc back and R to retry.
 */
export function CreatorGate({
  state,
  onBack,
  onRetry,
}: {
  state: CreatorState;
  /** Given when the gate stands alone; a step that already handles Esc leaves it out. */
  onBack?(): void;
  onRetry?(): void;
}) {
  useKeys((input, key) => {
    if (key.escape) onBack?.();
    else if (state.status === 'failed' && onRetry && input.toLowerCase() === 'r') onRetry();
  });
  if (state.status === 'failed') {
    const failure = describeFailure(state.error);
    const refused = state.error instanceof RefusedError;
    return (
      <StepBody hints={[...(onRetry ? [['R', 'try again'] as [string, string]] : []), KEYS.back, KEYS.quit]}>
        <Text color={tint('red')}>
          {refused
            ? 'TikTok says this account cannot post right now.'
            : "Could not read this account's TikTok settings."}
        </Text>
        <Text>{failure.message}</Text>
        {failure.hint && <Text dimColor>{failure.hint}</Text>}
      </StepBody>
    );
  }
  return (
    <StepBody hints={[KEYS.back, KEYS.quit]}>
      <Spinner label="Reading your TikTok settings…" />
    </StepBody>
  );
}
