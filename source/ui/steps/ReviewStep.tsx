import { Box, Text } from 'ink';
import { type CapUsage, capReached, capWords, usageLine } from '../../core/caps.js';
import { mediaFacts, postSummary } from '../../core/post-summary.js';
import { checkJob } from '../../core/rules.js';
import type { AccountSummary } from '../../core/service-types.js';
import type { PostJob } from '../../shared/post-job.js';
import { wrapText } from '../../shared/wrap.js';
import type { CreatorInfo } from '../../tiktok/types.js';
import { tint } from '../colors.js';
import { Button } from '../components/Button.js';
import { KEYS } from '../components/KeyHelp.js';
import { StepBody } from '../components/Layout.js';
import { ScrollView } from '../components/ScrollView.js';
import { type CheckState, checkKey } from '../draft.js';
import { useKeys } from '../hooks/use-keys.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { declarationText, summaryLines } from '../review/summary-lines.js';

export { interactionsText } from '../../core/post-summary.js';

export interface ReviewStepProps {
  job: PostJob;
  account: AccountSummary;
  creator: CreatorInfo;
  checks: Record<string, CheckState>;
  /** The account's posts and drafts of the last 24 h, once read. */
  usage?: CapUsage | undefined;
  onPost(): void;
  onBack(): void;
}

// Rows around the summary: header, margins, the intro line, the button and the key help.
const CHROME_ROWS = 10;

/**
 * Step 6: everything that will be sent, wrapped to the terminal and scrolled when it does not fit
 * (never cut), TikTok's declaration with its policies linked, and an explicit "Post to TikTok".
 */
export function ReviewStep({ job, account, creator, checks, usage, onPost, onBack }: ReviewStepProps) {
  const problems = checkJob(job, creator);
  const blocked = problems.length > 0;
  const { columns, rows } = useTerminalSize();
  const width = Math.max(20, columns - 1);

  useKeys((_input, key) => {
    if (key.escape) return onBack();
    if (key.return && !blocked) onPost();
  });

  const facts = (input: string) => {
    const check = checks[checkKey(job.kind, input)];
    return check?.status === 'done' && check.result.ok ? mediaFacts(check.result) : undefined;
  };
  const summary = summaryLines(postSummary(job, creator, { savedAs: account.username, facts }), width);
  const footer = blocked
    ? [
        'This cannot be posted yet:',
        ...problems.map((problem) => `✗ ${problem.message}`),
        'Press Esc to go back and change it.',
      ].flatMap((line) => wrapText(line, width))
    : wrapText(declarationText(job.brand), width);
  // Before the init, from our own records: TikTok has no endpoint that says how much is left.
  const reached = usage && capReached(usage, job.mode, Date.now());
  const caps = usage
    ? [
        `Last 24 h: ${usageLine(usage)}`,
        ...(reached
          ? [
              reached.cap === 'drafts'
                ? `${capWords(reached)}: this draft will not be sent.`
                : `${capWords(reached)}: TikTok may refuse this one.`,
            ]
          : []),
      ].flatMap((line) => wrapText(line, width))
    : [];
  const height = Math.max(3, rows - CHROME_ROWS - footer.length - caps.length);
  const scrolls = summary.length > height;
  const hints = [
    ...(scrolls ? [['↑↓', 'scroll'] as const] : []),
    ...(blocked ? [] : [['Enter', 'post'] as const]),
  ];

  return (
    <StepBody hints={[...hints, KEYS.back, KEYS.quit]}>
      <Text>Check what will be posted:</Text>
      <Box flexDirection="column" marginTop={1}>
        <ScrollView lines={summary} height={height} />
      </Box>
      <Box flexDirection="column" marginTop={1}>
        {footer.map((line, index) => (
          <Text
            // biome-ignore lint/suspicious/noArrayIndexKey: wrapped lines are positions
            key={index}
            color={tint(blocked && index < footer.length - 1 ? 'red' : undefined)}
            dimColor={blocked && index === footer.length - 1}
          >
            {line}
          </Text>
        ))}
        {caps.map((line, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: wrapped lines are positions
          <Text key={`cap-${index}`} color={tint(reached ? 'yellow' : undefined)} dimColor={!reached}>
            {line}
          </Text>
        ))}
        {!blocked && (
          <Box marginTop={1}>
            <Button label="Post to TikTok" focused />
          </Box>
        )}
      </Box>
    </StepBody>
  );
}
