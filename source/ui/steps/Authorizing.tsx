import { Box, Text } from 'ink';
import { useEffect } from 'react';
import type { LoginUrlInfo } from '../../auth/authorize.js';
import { noBrowserLines } from '../../auth/login-help.js';
import { tint } from '../colors.js';
import { StepBody } from '../components/Layout.js';
import { usePrintAbove } from '../components/PrintAbove.js';
import { Spinner } from '../components/Spinner.js';

/**
 * Waiting for the user to approve in the browser. The URL is printed once above the wizard as one
 * unbroken line (the terminal soft-wraps it), so it can be copied whole. Whether a browser was
 * opened is said as it is: with none (a server, AGORAS_NO_BROWSER=1), how to finish the login.
 */
export function Authorizing({
  username,
  url,
  info,
}: {
  username: string;
  url?: string | undefined;
  info?: LoginUrlInfo | undefined;
}) {
  const print = usePrintAbove();
  const opened = info?.browser === 'opened';
  useEffect(() => {
    if (!url) return;
    print(opened ? 'If your browser did not open, copy this URL:' : 'Open this URL in a browser to log in:');
    print(url, 'cyan');
  }, [url, opened, print]);
  return (
    <StepBody
      hints={[
        ['Esc', 'cancel and go back'],
        ['Ctrl+C', 'quit'],
      ]}
    >
      <Text>Log in to TikTok for the account saved as '{username}'.</Text>
      {url && info ? (
        <Box flexDirection="column" marginTop={1}>
          {opened ? (
            <Text>Your browser was opened; the login URL is printed above.</Text>
          ) : (
            noBrowserLines(info).map((line, index) => (
              <Text key={line} color={tint(index === 0 ? 'yellow' : undefined)} bold={index === 2}>
                {line}
              </Text>
            ))
          )}
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
