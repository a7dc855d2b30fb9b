import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { colorsEnabled, tint } from '../colors.js';
import { KeyHelp, type KeyHint } from './KeyHelp.js';

export interface HeaderProps {
  title: string;
  /** "3/6": where the user is; omitted on the publishing screen. */
  position?: string | undefined;
  sandbox?: boolean | undefined;
}

/** The one-line header: app name, SANDBOX badge, step position and title. */
export function Header({ title, position, sandbox }: HeaderProps) {
  return (
    <Box>
      <Text bold>agoras · TikTok</Text>
      {sandbox && (
        <Text>
          {' '}
          <Text bold color={tint('black')} backgroundColor={tint('yellow')}>
            {colorsEnabled() ? ' SANDBOX ' : '[SANDBOX]'}
          </Text>
        </Text>
      )}
      <Text dimColor>{position ? `  ${position}  ` : '  '}</Text>
      <Text bold color={tint('cyan')}>
        {title}
      </Text>
    </Box>
  );
}

/** A screen's body followed by its key help; keeps every step the same shape. */
export function StepBody({ hints, children }: { hints: readonly KeyHint[]; children: ReactNode }) {
  return (
    <Box flexDirection="column" marginTop={1}>
      <Box flexDirection="column" marginBottom={1}>
        {children}
      </Box>
      <KeyHelp hints={hints} />
    </Box>
  );
}
