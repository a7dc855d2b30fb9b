import { Box, Text } from 'ink';
import { creatorIdentity } from '../../core/post-summary.js';
import { checkJob, commercialLabel, PRIVACY_LABELS } from '../../core/rules.js';
import type { AccountSummary, RowNote, SchedulePreview } from '../../core/service-types.js';
import type { CreatorInfo } from '../../tiktok/types.js';
import { tint } from '../colors.js';
import { KEYS } from '../components/KeyHelp.js';
import { StepBody } from '../components/Layout.js';
import { useKeys } from '../hooks/use-keys.js';
import { Consent, ShortList, shortDate } from './ReviewParts.js';

export interface ScheduleReviewStepProps {
  preview: SchedulePreview;
  account: AccountSummary;
  creator: CreatorInfo;
  onRun(): void;
  onBack(): void;
}

function Notes({ title, notes, color }: { title: string; notes: RowNote[]; color: string }) {
  if (notes.length === 0) return null;
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text color={tint(color)}>{title}</Text>
      <ShortList
        items={notes}
        max={3}
        render={(n) => (
          <Text key={n.rowNumber}>
            {'  '}row {n.rowNumber}: {n.message}
          </Text>
        )}
      />
    </Box>
  );
}

/** Review of the schedule: due rows (posted on consent), late and upcoming ones, row problems. */
export function ScheduleReviewStep({ preview, account, creator, onRun, onBack }: ScheduleReviewStepProps) {
  const { due } = preview;
  const canRun = due.length > 0;
  useKeys((_input, key) => {
    if (key.escape) return onBack();
    if (key.return && canRun) onRun();
  });
  // The sheet decides each row's settings: say now what TikTok would refuse for this account.
  const refused = due.flatMap((row) =>
    checkJob(row.job, creator).map((p) => ({ rowNumber: row.rowNumber, message: p.message })),
  );
  const branded = due.some((row) => row.brand.content);
  const late = preview.late.map((row) => ({
    rowNumber: row.rowNumber,
    message: `scheduled ${shortDate(row.scheduledAt)} is past its window`,
  }));
  const problems = preview.problems.map((p) => ({ rowNumber: p.rowNumber, message: p.reason }));

  return (
    <StepBody hints={canRun ? [['Enter', 'run'], KEYS.back, KEYS.quit] : [KEYS.back, KEYS.quit]}>
      <Text>
        Posting as <Text bold>{creatorIdentity(creator, account.username)}</Text> ·{' '}
        {due.length === 0 ? 'no rows due now' : `${due.length} row${due.length > 1 ? 's' : ''} due now`} ·{' '}
        {preview.upcoming} upcoming
      </Text>
      <Box flexDirection="column" marginTop={1}>
        <ShortList
          items={due}
          max={5}
          render={(row) => (
            <Text key={row.key}>
              • row {row.rowNumber} · {shortDate(row.scheduledAt)} · {row.title}
              <Text dimColor>
                {' · '}
                {PRIVACY_LABELS[row.privacy]}
                {commercialLabel(row.brand) ? ` · ${commercialLabel(row.brand)}` : ''}
              </Text>
            </Text>
          )}
        />
      </Box>
      <Notes title="TikTok would refuse:" notes={refused} color="red" />
      <Notes title="Late (past their window, not posted):" notes={late} color="yellow" />
      <Notes title="Rows with problems (skipped):" notes={problems} color="red" />
      {preview.alreadyPosted.map((row) => (
        <Text key={row.rowNumber} dimColor>
          row {row.rowNumber}: already posted as {row.publishId}; marking it published.
        </Text>
      ))}
      {canRun ? (
        <Consent brand={{ organic: false, content: branded }} action="Run the schedule" />
      ) : (
        <Text dimColor>Nothing to post now. Press Esc to choose another sheet.</Text>
      )}
    </StepBody>
  );
}
