import { Box, Text } from 'ink';
import { StepBody } from '../components/Layout.js';
import { Spinner } from '../components/Spinner.js';

/** Waiting for the user to approve in the browser; the URL is printed whole so it can be copied. */
export function Authorizing({ username, url }: { username: string; url?: string | undefined }) {
  return (
    <StepBody
      hints={[
        ['Esc', 'cancel and go back'],
        ['Ctrl+C', 'quit'],
      ]}
    >
      <Text>Authorize @{username} on TikTok.</Text>
      {url ? (
        <Box flexDirection="column" marginTop={1}>
          <Text>Your browser was opened. If it did not open, copy this URL:</Text>
          <Text color="cyan">{url}</Text>
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
  );
}
