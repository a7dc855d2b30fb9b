import { Box, Text } from 'ink';
import { checkJob, commercialLabel, declaration, PRIVACY_LABELS } from '../../core/rules.js';
import type { AccountSummary } from '../../core/service-types.js';
import type { PostJob } from '../../shared/post-job.js';
import type { CreatorInfo } from '../../tiktok/types.js';
import { tint } from '../colors.js';
import { Button } from '../components/Button.js';
import { KEYS } from '../components/KeyHelp.js';
import { StepBody } from '../components/Layout.js';
import { type CheckState, checkKey } from '../draft.js';
import { useKeys } from '../hooks/use-keys.js';
import { describeCheck } from './MediaStep.js';
import { ReviewRow } from './ReviewParts.js';

export interface ReviewStepProps {
  job: PostJob;
  account: AccountSummary;
  creator: CreatorInfo;
  checks: Record<string, CheckState>;
  onPost(): void;
  onBack(): void;
}

/** "Comments on · Duet off · Stitch off": the interactions as they will be sent. */
export function interactionsText(job: PostJob): string {
  const onOff = (name: string, on: boolean) => `${name} ${on ? 'on' : 'off'}`;
  const parts = [onOff('Comments', job.allowComments)];
  if (job.kind === 'video') parts.push(onOff('Duet', job.allowDuet), onOff('Stitch', job.allowStitch));
  else parts.push(onOff('Auto-add music', job.autoAddMusic));
  return parts.join(' · ');
}

/** Step 6: everything that will be sent, TikTok's declaration, and an explicit "Post to TikTok". */
export function ReviewStep({ job, account, creator, checks, onPost, onBack }: ReviewStepProps) {
  const problems = checkJob(job, creator);
  const blocked = problems.length > 0;

  useKeys((_input, key) => {
    if (key.escape) return onBack();
    if (key.return && !blocked) onPost();
  });

  const media = job.kind === 'video' ? [job.media] : job.images;
  const found = (input: string) => {
    const check = checks[checkKey(job.kind, input)];
    return check?.status === 'done' && check.result.ok ? ` (${describeCheck(check.result)})` : '';
  };
  const label = commercialLabel(job.brand);

  return (
    <StepBody hints={blocked ? [KEYS.back, KEYS.quit] : [['Enter', 'post'], KEYS.back, KEYS.quit]}>
      <Text>Check what will be posted:</Text>
      <Box flexDirection="column" marginTop={1}>
        <ReviewRow label="Account">
          {creator.creator_nickname} (@{account.username})
        </ReviewRow>
        {media.map((input, index) => (
          <ReviewRow key={input} label={job.kind === 'video' ? 'Video' : `Image ${index + 1}`}>
            {input}
            {found(input)}
          </ReviewRow>
        ))}
        <ReviewRow label="Title">{job.title === '' ? '(none)' : job.title}</ReviewRow>
        {job.kind === 'photo' && job.description !== undefined && (
          <ReviewRow label="Description">{job.description}</ReviewRow>
        )}
        <ReviewRow label="Privacy">{PRIVACY_LABELS[job.privacy]}</ReviewRow>
        <ReviewRow label="Interactions">{interactionsText(job)}</ReviewRow>
        <ReviewRow label="Label">{label ?? 'none (not commercial content)'}</ReviewRow>
      </Box>
      <Box flexDirection="column" marginTop={1}>
        {blocked ? (
          <>
            <Text color={tint('red')}>This cannot be posted yet:</Text>
            {problems.map((problem) => (
              <Text key={problem.field + problem.message} color={tint('red')}>
                ✗ {problem.message}
              </Text>
            ))}
            <Text dimColor>Press Esc to go back and change it.</Text>
          </>
        ) : (
          <>
            <Text>{declaration(job.brand)}</Text>
            <Box marginTop={1}>
              <Button label="Post to TikTok" focused />
            </Box>
          </>
        )}
      </Box>
    </StepBody>
  );
}
