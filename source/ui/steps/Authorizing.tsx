import { Box, Text } from 'ink';
import { useEffect } from 'react';
import { StepBody } from '../components/Layout.js';
import { usePrintAbove } from '../components/PrintAbove.js';
import { Spinner } from '../components/Spinner.js';

/**
 * Waiting for the user to approve in the browser. The URL is printed once above the wizard as one
 * unbroken line (the terminal soft-wraps it), so it can be copied whole.
 */
export function Authorizing({ username, url }: { username: string; url?: string | undefined }) {
  const print = usePrintAbove();
  useEffect(() => {
    if (!url) return;
    print('If your browser did not open, copy this URL:');
    print(url, 'cyan');
  }, [url, print]);
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
  );
}
