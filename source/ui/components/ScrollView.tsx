import { Box, Text } from 'ink';
import { type ReactNode, useState } from 'react';
import { useKeys } from '../hooks/use-keys.js';

export interface ScrollViewProps {
  /** One element per screen row (pre-wrapped to the width). */
  lines: ReactNode[];
  /** Rows available; when the lines need more, they scroll and one row says where you are. */
  height: number;
  isActive?: boolean;
}

/**
 * Rows that scroll with ↑/↓, PgUp/PgDn and Home/End when they do not fit: a long caption is
 * read to its end, never cut off.
 */
export function ScrollView({ lines, height, isActive = true }: ScrollViewProps) {
  const fits = lines.length <= height;
  const page = Math.max(1, height - 1);
  const maxOffset = Math.max(0, lines.length - page);
  const [raw, setOffset] = useState(0);
  const offset = fits ? 0 : Math.min(raw, maxOffset);
  useKeys(
    (_input, key) => {
      const to = (next: number) => setOffset(Math.min(Math.max(next, 0), maxOffset));
      if (key.downArrow) to(offset + 1);
      else if (key.upArrow) to(offset - 1);
      else if (key.pageDown) to(offset + page - 1);
      else if (key.pageUp) to(offset - page + 1);
      else if (key.end) to(maxOffset);
      else if (key.home) to(0);
    },
    { isActive: isActive && !fits },
  );
  if (fits) return <Box flexDirection="column">{lines}</Box>;
  const shown = lines.slice(offset, offset + page);
  const last = offset + shown.length;
  return (
    <Box flexDirection="column">
      {shown}
      <Text dimColor>
        {`lines ${offset + 1}–${last} of ${lines.length}`}
        {last < lines.length ? ' · ↓ PgDn for more' : ' · end'}
        {offset > 0 ? ' · ↑ PgUp back' : ''}
      </Text>
    </Box>
  );
}
