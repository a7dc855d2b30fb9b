import { Box, Text } from 'ink';
import { useEffect, useState } from 'react';
import { GUIDELINE_TEXT } from '../../core/rules.js';
import type { Agoras } from '../../core/service-types.js';
import type { PostJob } from '../../shared/post-job.js';
import type { CreatorInfo } from '../../tiktok/types.js';
import { KEYS } from '../components/KeyHelp.js';
import { StepBody } from '../components/Layout.js';
import { LogLines } from '../components/LogLines.js';
import { ProgressBar } from '../components/ProgressBar.js';
import { Spinner } from '../components/Spinner.js';
import { useKeys } from '../hooks/use-keys.js';
import { usePublish } from '../hooks/use-publish.js';
import { transferStats } from '../transfer.js';
import { PublishResult } from './PublishResult.js';
import { UnauditedChoice } from './UnauditedChoice.js';

export interface PublishStepProps {
  /** creator_info fetched for this post: publishing uses it instead of asking TikTok again. */
  creator?: CreatorInfo;
  services: Agoras;
  username: string;
  nickname: string;
  job: PostJob;
  now: () => number;
  onExit(code: number): void;
  sandbox?: boolean | undefined;
}

/** Rows of the publishing log: a slideshow's images and the status fit, within 24 rows. */
const LOG_ROWS = 6;

/** The time, re-read every second while `running`. */
function useClock(now: () => number, running: boolean): number {
  const [time, setTime] = useState(now);
  useEffect(() => {
    if (!running) return;
    setTime(now());
    const timer = setInterval(() => setTime(now()), 1000);
    return () => clearInterval(timer);
  }, [now, running]);
  return running ? Math.max(time, now()) : now();
}

// Only the latest lines: the screen must stay within 24 rows however chatty core is.

/** Step 7: publishing with a byte progress bar, then the result; any key leaves. */
export function PublishStep({
  services,
  username,
  nickname,
  job,
  now,
  onExit,
  creator,
  sandbox,
}: PublishStepProps) {
  const view = usePublish(services, username, job, now, creator);
  const { result, first, last } = view;
  const uploaded = last !== undefined && last.total > 0 && last.sent >= last.total;
  // While bytes are on their way the bar is redrawn every second, report or not: speed, ETA and a
  // stall ("waiting for TikTok · 20 s") follow the clock, not only the last report.
  const clock = useClock(now, Boolean(first && !uploaded && !result));

  // The result stays on the terminal after the wizard quits; "any key exit" does not: it is drawn
  // away first, and the wizard exits once that frame is on the screen.
  const [leaving, setLeaving] = useState(false);
  useKeys(() => {
    if (result) setLeaving(true);
  });
  useEffect(() => {
    if (leaving && result) onExit(result.kind === 'failed' ? result.failure.exitCode : 0);
  }, [leaving, result, onExit]);

  if (view.question) return <UnauditedChoice why={view.question.why} onChoose={view.question.answer} />;
  if (result) {
    return (
      <StepBody hints={leaving ? [] : [['any key', 'exit']]}>
        <LogLines lines={view.lines} shown={LOG_ROWS} />
        <Box marginTop={1} flexDirection="column">
          <PublishResult result={result} job={job} creator={creator} username={username} sandbox={sandbox} />
        </Box>
      </StepBody>
    );
  }
  return (
    <StepBody hints={[KEYS.quit]}>
      <Text>
        Posting to TikTok as <Text bold>{nickname}</Text>
      </Text>
      <Box marginTop={1} flexDirection="column">
        <LogLines lines={view.lines} shown={LOG_ROWS} />
        {first && last && !uploaded && (
          <Box marginTop={1}>
            <ProgressBar stats={transferStats(first, last, clock)} />
          </Box>
        )}
        <Box marginTop={1} flexDirection="column">
          {uploaded ? <Spinner label="Checking status… " /> : !last && <Spinner label="Working…" />}
          {(uploaded || job.kind === 'photo') && <Text dimColor>{GUIDELINE_TEXT.mayTakeMinutes}</Text>}
        </Box>
      </Box>
    </StepBody>
  );
}
