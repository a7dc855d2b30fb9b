import { Box, Text } from 'ink';
import { GUIDELINE_TEXT } from '../../core/rules.js';
import type { SourceRunResult } from '../../core/service-types.js';
import { tint } from '../colors.js';
import { KEYS } from '../components/KeyHelp.js';
import { StepBody } from '../components/Layout.js';
import { LogLines } from '../components/LogLines.js';
import { ProgressBar } from '../components/ProgressBar.js';
import { Spinner } from '../components/Spinner.js';
import { useKeys } from '../hooks/use-keys.js';
import { type SourceRun, useSourceRun } from '../hooks/use-source-run.js';
import { transferStats } from '../transfer.js';
import { ShortList } from './ReviewParts.js';

export interface SourceRunStepProps {
  run: SourceRun;
  nickname: string;
  now: () => number;
  onExit(code: number): void;
}

/** The exit code of a finished run: the first failed post's, else 0. */
export function runExitCode(result: SourceRunResult): number {
  return result.errors[0]?.exitCode ?? 0;
}

function Outcome({ result }: { result: SourceRunResult }) {
  const { posted, errors } = result;
  const lines = [
    ...posted.map((p) => ({ ok: true, text: `${p.title} — publish ID ${p.publishId}` })),
    ...errors.map((e) => ({ ok: false, text: `${e.title}: ${e.message}` })),
  ];
  return (
    <Box flexDirection="column">
      <Text bold color={tint(errors.length > 0 ? 'yellow' : 'green')}>
        {posted.length} posted{errors.length > 0 ? `, ${errors.length} not posted` : ''}
      </Text>
      <ShortList
        items={lines}
        max={8}
        render={(line, index) => (
          <Text key={index} color={tint(line.ok ? undefined : 'red')}>
            {line.ok ? '✓' : '✗'} {line.text}
          </Text>
        )}
      />
      {result.notes.map((note) => (
        <Text key={note} color={tint('yellow')}>
          {note}
        </Text>
      ))}
      {posted.length > 0 && <Text dimColor>{GUIDELINE_TEXT.mayTakeMinutes}</Text>}
    </Box>
  );
}

/** Posting a feed's entries or the schedule's due rows: the current post's progress, then each result. */
export function SourceRunStep({ run, nickname, now, onExit }: SourceRunStepProps) {
  const view = useSourceRun(run, now);
  const { result, first, last } = view;

  useKeys(() => {
    if (!result) return;
    onExit(result.kind === 'failed' ? result.failure.exitCode : runExitCode(result.run));
  });

  if (result) {
    return (
      <StepBody hints={[['any key', 'exit']]}>
        {result.kind === 'done' ? (
          <Outcome result={result.run} />
        ) : (
          <>
            <Text color={tint('red')} bold>
              ✗ {result.failure.message}
            </Text>
            {result.failure.hint && <Text>{result.failure.hint}</Text>}
            <Text dimColor>Next: {result.failure.next}</Text>
          </>
        )}
      </StepBody>
    );
  }
  return (
    <StepBody hints={[KEYS.quit]}>
      <Text>
        Posting to TikTok as <Text bold>{nickname}</Text>
      </Text>
      <Box marginTop={1} flexDirection="column">
        <LogLines lines={view.lines} />
        {first && last && last.sent < last.total && (
          <Box marginTop={1}>
            <ProgressBar stats={transferStats(first, last)} />
          </Box>
        )}
        <Box marginTop={1}>
          <Spinner label="Working…" />
        </Box>
      </Box>
    </StepBody>
  );
}
