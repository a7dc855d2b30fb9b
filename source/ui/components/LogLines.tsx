import { Box, Text } from 'ink';
import { tint } from '../colors.js';

/** One line of what core said while posting. */
export interface LogLine {
  kind: 'step' | 'info' | 'warn';
  text: string;
}

/** The last few lines core said while posting: steps with a bullet, warnings marked, info dimmed. */
export function LogLines({ lines, shown = 4 }: { lines: LogLine[]; shown?: number }) {
  return (
    <Box flexDirection="column">
      {lines.slice(-shown).map((line, index) => (
        <Text
          // biome-ignore lint/suspicious/noArrayIndexKey: an append-only log, positions never move
          key={index}
          color={tint(line.kind === 'warn' ? 'yellow' : undefined)}
          dimColor={line.kind === 'info'}
        >
          {line.kind === 'warn' ? '⚠ ' : line.kind === 'step' ? '• ' : '  '}
          {line.text}
        </Text>
      ))}
    </Box>
  );
}
