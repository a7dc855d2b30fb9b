import { Box, Text } from 'ink';
import { formatBytes } from '../../shared/format.js';
import { tint } from '../colors.js';
import { formatDuration, formatSpeed, type TransferStats } from '../transfer.js';

/** Upload progress in bytes: a bar with percent, then sizes, speed and time left. */
export function ProgressBar({ stats, width = 30 }: { stats: TransferStats; width?: number }) {
  const filled = Math.round((stats.percent / 100) * width);
  const parts = [`${formatBytes(stats.sent)} / ${formatBytes(stats.total)}`];
  if (stats.bytesPerSecond !== undefined) parts.push(formatSpeed(stats.bytesPerSecond));
  if (stats.etaSeconds !== undefined) parts.push(`ETA ${formatDuration(stats.etaSeconds)}`);
  if (stats.stalledSeconds !== undefined) parts.push(`waiting for TikTok · ${stats.stalledSeconds} s`);
  return (
    <Box flexDirection="column">
      <Text>
        <Text color={tint('green')}>{'█'.repeat(filled)}</Text>
        <Text dimColor>{'░'.repeat(width - filled)}</Text>
        {` ${String(stats.percent).padStart(3)}%`}
      </Text>
      <Text dimColor>{parts.join(' · ')}</Text>
    </Box>
  );
}
