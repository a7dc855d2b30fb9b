import { Box, Text } from 'ink';
import { tint } from '../colors.js';

/** A problem shown under the field it concerns; renders nothing when there is none. */
export function FieldError({ message, indent = 4 }: { message?: string | undefined; indent?: number }) {
  if (!message) return null;
  return (
    <Box paddingLeft={indent}>
      <Text color={tint('red')}>✗ {message}</Text>
    </Box>
  );
}
