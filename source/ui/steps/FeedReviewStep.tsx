import { Box, Text } from 'ink';
import { useState } from 'react';
import { creatorIdentity } from '../../core/post-summary.js';
import { labelSentence, PRIVACY_LABELS, titleLimit } from '../../core/rules.js';
import type { AccountSummary, FeedPreview, FeedPreviewItem } from '../../core/service-types.js';
import type { JobTemplate } from '../../sources/feed-select.js';
import type { CreatorInfo } from '../../tiktok/types.js';
import { FieldError } from '../components/FieldError.js';
import { KEYS } from '../components/KeyHelp.js';
import { StepBody } from '../components/Layout.js';
import { TextField } from '../components/TextField.js';
import { useFocusIndex } from '../hooks/use-focus-index.js';
import { useKeys } from '../hooks/use-keys.js';
import { Consent, ReviewRow, shortDate } from './ReviewParts.js';

export interface FeedReviewStepProps {
  preview: FeedPreview;
  template: JobTemplate;
  account: AccountSummary;
  creator: CreatorInfo;
  /** Titles edited here, by entry key (kept in the draft, so Esc and back keeps them). */
  titles: Record<string, string>;
  onTitle(key: string, title: string): void;
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

// Entries listed at once; more scroll with the focus.
const SHOWN = 5;

function kindOf(item: FeedPreviewItem): string {
  const kind =
    item.kind === 'video' ? 'video' : `${item.media.length} image${item.media.length > 1 ? 's' : ''}`;
  return item.published ? `${kind} · ${shortDate(item.published)}` : kind;
}

/**
 * Review of a feed run: each entry that will be posted, its title editable in place (↑/↓ to pick
 * one), the settings every post gets and the declaration.
 */
export function FeedReviewStep(props: FeedReviewStepProps) {
  const { preview, template, account, creator, titles, onTitle, onPost, onBack } = props;
  const { items } = preview;
  const [focus] = useFocusIndex(items.length);
  const [error, setError] = useState<{ key: string; message: string } | undefined>();
  const titleOf = (item: FeedPreviewItem) => titles[item.key] ?? item.title;

  useKeys((_input, key) => {
    if (key.escape) return onBack();
    if (!key.return) return;
    const tooLong = items.find((item) => titleOf(item).length > titleLimit(item.kind));
    if (!tooLong) return onPost();
    setError({
      key: tooLong.key,
      message: `Too long: TikTok allows ${titleLimit(tooLong.kind)} characters.`,
    });
  });

  const first = Math.max(0, Math.min(focus - Math.floor(SHOWN / 2), items.length - SHOWN));
  const shown = items.slice(first, first + SHOWN);
  const kinds = new Set(items.map((item) => item.kind));
  const label = labelSentence(kinds.size === 1 ? [...kinds][0]! : 'photo/video', template.brand);

  return (
    <StepBody hints={[['↑↓', 'choose a title to edit'], ['Enter', 'post'], KEYS.back, KEYS.quit]}>
      <Text>
        {items.length === 1 ? 'This entry' : `These ${items.length} entries`} will be posted, each as its own
        post; edit a title here if you like:
      </Text>
      <Box flexDirection="column" marginTop={1}>
        {first > 0 && <Text dimColor> …{first} more above</Text>}
        {shown.map((item, i) =>
          first + i === focus ? (
            <TextField
              key={item.key}
              label={`Entry ${first + i + 1} of ${items.length} · ${kindOf(item)}`}
              value={titleOf(item)}
              limit={titleLimit(item.kind)}
              focused
              onChange={(title) => {
                if (error?.key === item.key) setError(undefined);
                onTitle(item.key, title);
              }}
            >
              <FieldError message={error?.key === item.key ? error.message : undefined} />
            </TextField>
          ) : (
            <Text key={item.key}>
              {'  • '}
              {titleOf(item) || '(no title)'}
              <Text dimColor> — {kindOf(item)}</Text>
            </Text>
          ),
        )}
        {first + SHOWN < items.length && <Text dimColor> …{items.length - first - SHOWN} more below</Text>}
      </Box>
      {preview.notes.map((note) => (
        <Text key={note} dimColor>
          {note}
        </Text>
      ))}
      <Box flexDirection="column" marginTop={1}>
        <ReviewRow label="Account">{creatorIdentity(creator, account.username)}</ReviewRow>
        <ReviewRow label="Privacy">{PRIVACY_LABELS[template.privacy]}</ReviewRow>
        <ReviewRow label="Posting">
          {template.mode === 'inbox'
            ? 'Drafts in your TikTok inbox (you finish them in the app)'
            : 'Direct posts'}
        </ReviewRow>
        <ReviewRow label="Interactions">{templateInteractions(template)}</ReviewRow>
        <ReviewRow label="Label">{label ?? 'none (not commercial content)'}</ReviewRow>
      </Box>
      <Consent brand={template.brand} action="Post to TikTok" />
    </StepBody>
  );
}
