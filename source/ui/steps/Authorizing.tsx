import { Box, Static, Text } from 'ink';
import { tint } from '../colors.js';
import { StepBody } from '../components/Layout.js';
import { Spinner } from '../components/Spinner.js';

/**
 * Waiting for the user to approve in the browser. The URL goes out once through <Static> as one
 * unbroken line (the terminal soft-wraps it), because ink's own wrapping would insert newlines
 * that break the URL when it is copied.
 */
export function Authorizing({ username, url }: { username: string; url?: string | undefined }) {
  return (
    <>
      {url && (
        <Static items={[url]}>
          {(item) => (
            <Box key={item} width={item.length} flexDirection="column">
              <Text>If your browser did not open, copy this URL:</Text>
              <Text color={tint('cyan')}>{item}</Text>
            </Box>
          )}
        </Static>
      )}
      <StepBody
        hints={[
          ['Esc', 'cancel and go back'],
          ['Ctrl+C', 'quit'],
        ]}
      >
        <Text>Authorize @{username} on TikTok.</Text>
        {url ? (
          <Box flexDirection="column" marginTop={1}>
            <Text>Your browser was opened; the login URL is printed above.</Text>
            <Box marginTop={1}>
              <Spinner label="Waiting for you to approve in the browser…" />
            </Box>
          </Box>
        ) : (
          <Box marginTop={1}>
            <Spinner label="Starting the login…" />
          </Box>
        )}
      </StepBody>
    </>
  );
}
