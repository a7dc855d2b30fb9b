import { Box, Text } from 'ink';
import { creatorIdentity } from '../../core/post-summary.js';
import { commercialLabel, PRIVACY_LABELS } from '../../core/rules.js';
import type { AccountSummary, FeedPreview } from '../../core/service-types.js';
import type { JobTemplate } from '../../sources/feed-select.js';
import type { CreatorInfo } from '../../tiktok/types.js';
import { KEYS } from '../components/KeyHelp.js';
import { StepBody } from '../components/Layout.js';
import { useKeys } from '../hooks/use-keys.js';
import { Consent, ReviewRow, ShortList, shortDate } from './ReviewParts.js';

export interface FeedReviewStepProps {
  preview: FeedPreview;
  template: JobTemplate;
  account: AccountSummary;
  creator: CreatorInfo;
  onPost(): void;
  onBack(): void;
}

/** The interactions every feed post gets; duet/stitch apply to videos, music to slideshows. */
export function templateInteractions(t: JobTemplate): string {
  const onOff = (name: string, on: boolean) => `${name} ${on ? 'on' : 'off'}`;
  return [
    onOff('Comments', t.allowComments),
    onOff('Duet', t.allowDuet),
    onOff('Stitch', t.allowStitch),
    onOff('Auto-add music', t.autoAddMusic),
  ].join(' · ');
}

/** Review of a feed run: the entries that will be posted, the settings, the declaration. */
export function FeedReviewStep({ preview, template, account, creator, onPost, onBack }: FeedReviewStepProps) {
  useKeys((_input, key) => {
    if (key.escape) return onBack();
    if (key.return) onPost();
  });
  const { items } = preview;

  return (
    <StepBody hints={[['Enter', 'post'], KEYS.back, KEYS.quit]}>
      <Text>
        {items.length === 1 ? 'This entry' : `These ${items.length} entries`} will be posted, each as its own
        post:
      </Text>
      <ShortList
        items={items}
        max={6}
        render={(item) => (
          <Text key={item.key} wrap="truncate-end">
            • {item.title || '(no title)'}
            <Text dimColor>
              {' — '}
              {item.kind === 'video'
                ? 'video'
                : `${item.media.length} image${item.media.length > 1 ? 's' : ''}`}
              {item.published ? ` · ${shortDate(item.published)}` : ''}
            </Text>
          </Text>
        )}
      />
      {preview.notes.map((note) => (
        <Text key={note} dimColor>
          {note}
        </Text>
      ))}
      <Box flexDirection="column" marginTop={1}>
        <ReviewRow label="Account">{creatorIdentity(creator, account.username)}</ReviewRow>
        <ReviewRow label="Privacy">{PRIVACY_LABELS[template.privacy]}</ReviewRow>
        <ReviewRow label="Interactions">{templateInteractions(template)}</ReviewRow>
        <ReviewRow label="Label">
          {commercialLabel(template.brand) ?? 'none (not commercial content)'}
        </ReviewRow>
      </Box>
      <Consent brand={template.brand} action="Post to TikTok" />
    </StepBody>
  );
}
