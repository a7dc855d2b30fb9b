import { Box, Text } from 'ink';
import { mediaFacts } from '../../core/post-summary.js';
import { tint } from '../colors.js';
import { FieldError } from '../components/FieldError.js';
import { Spinner } from '../components/Spinner.js';
import type { CheckState } from '../draft.js';

/** What the check found, in one line (the preflight's facts when it has them). */
export const describeCheck = mediaFacts;

/** A conversion running for the focused video: seconds of media done of the total. */
export interface Fixing {
  doneSec: number;
  totalSec: number;
}

export function FixStatus({ fixing }: { fixing: Fixing }) {
  const width = 30;
  const percent = fixing.totalSec ? Math.min(100, Math.floor((fixing.doneSec / fixing.totalSec) * 100)) : 0;
  const filled = Math.round((percent / 100) * width);
  return (
    <Box paddingLeft={4} flexDirection="column">
      <Spinner label="Converting a copy (the original stays as it is)…" />
      <Text>
        <Text color={tint('green')}>{'█'.repeat(filled)}</Text>
        <Text dimColor>{'░'.repeat(width - filled)}</Text>
        {` ${String(percent).padStart(3)}%`}
      </Text>
    </Box>
  );
}

export function FieldStatus({ check, shape }: { check: CheckState | undefined; shape: string | undefined }) {
  if (shape) {
    return (
      <Box paddingLeft={4}>
        <Text color={tint('yellow')}>⚠ {shape}</Text>
      </Box>
    );
  }
  if (!check) return null;
  if (check.status === 'checking') {
    return (
      <Box paddingLeft={4}>
        <Spinner label="checking…" />
      </Box>
    );
  }
  if (!check.result.ok) {
    const { fix } = check.result;
    if (!fix) return <FieldError message={check.result.message} />;
    return (
      <Box flexDirection="column">
        <FieldError message={check.result.message} />
        <Box paddingLeft={4}>
          <Text>
            <Text bold>f</Text> Fix it: convert a copy to {fix.result} ({fix.changes.join(', ')}) ·{' '}
            <Text bold>e</Text> edit the path
          </Text>
        </Box>
      </Box>
    );
  }
  return (
    <Box paddingLeft={4}>
      <Text color={tint('green')}>✓ {describeCheck(check.result)}</Text>
    </Box>
  );
}
