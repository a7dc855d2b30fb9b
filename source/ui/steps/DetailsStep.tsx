import { Box, Text } from 'ink';
import { useState } from 'react';
import { GUIDELINE_TEXT, LIMITS, PRIVACY_LABELS, titleLimit } from '../../core/rules.js';
import { looksUnaudited } from '../../core/unaudited.js';
import type { PrivacyLevel } from '../../shared/post-job.js';
import type { CreatorInfo } from '../../tiktok/types.js';
import { tint } from '../colors.js';
import { CheckboxList, type CheckItem } from '../components/CheckboxList.js';
import { CreatorGate } from '../components/CreatorGate.js';
import { FieldError } from '../components/FieldError.js';
import { KEYS } from '../components/KeyHelp.js';
import { StepBody } from '../components/Layout.js';
import { TextField } from '../components/TextField.js';
import type { Draft } from '../draft.js';
import type { CreatorState } from '../hooks/use-creator-info.js';
import { useFocusIndex } from '../hooks/use-focus-index.js';
import { useKeys } from '../hooks/use-keys.js';
import type { DraftPatch } from '../hooks/use-wizard.js';
import { coverProblem, type OptionId, optionsFor } from '../post-options.js';
import { PostOptions, toggleOption } from './PostOptions.js';

type Toggle = 'allowComments' | 'allowDuet' | 'allowStitch' | 'autoAddMusic';
type Row =
  | { kind: 'title' }
  | { kind: 'description' }
  | { kind: 'privacy'; level: PrivacyLevel }
  | { kind: 'toggle'; id: Toggle }
  | { kind: 'more' }
  | { kind: 'option'; id: Exclude<OptionId, 'cover'> }
  | { kind: 'cover' };

export const TURNED_OFF = 'turned off in your TikTok settings';

/** Why a toggle cannot be used with this creator, if it cannot. */
export function toggleDisabledReason(id: Toggle, creator: CreatorInfo): string | undefined {
  if (id === 'allowComments' && creator.comment_disabled) return TURNED_OFF;
  if (id === 'allowDuet' && creator.duet_disabled) return TURNED_OFF;
  if (id === 'allowStitch' && creator.stitch_disabled) return TURNED_OFF;
  return undefined;
}

const TOGGLE_LABELS: Record<Toggle, string> = {
  allowComments: 'Allow comments',
  allowDuet: 'Allow duet',
  allowStitch: 'Allow stitch',
  autoAddMusic: 'Auto-add music',
};

export interface DetailsStepProps {
  draft: Draft;
  creator: CreatorState;
  onChange(patch: DraftPatch): void;
  onNext(): void;
  onBack(): void;
  /** Fetches creator_info again after it failed. */
  onRetryCreator?(): void;
}

/** Step 4: title, description, privacy (no default) and interactions; for a feed, the settings of every post. */
export function DetailsStep({ draft, creator, onChange, onNext, onBack, onRetryCreator }: DetailsStepProps) {
  const kind = draft.kind ?? 'video';
  // From a feed, titles come from the entries and posts may be videos or slideshows.
  const feed = draft.source === 'feed';
  const info = creator.status === 'ready' ? creator.info : undefined;
  const toggles: Toggle[] = feed
    ? ['allowComments', 'allowDuet', 'allowStitch', 'autoAddMusic']
    : kind === 'video'
      ? ['allowComments', 'allowDuet', 'allowStitch']
      : ['allowComments', 'autoAddMusic'];
  const levels = info?.privacy_level_options ?? [];
  const options = optionsFor(draft);
  // Open from the start when something in it was already chosen (back from the review).
  const [expanded, setExpanded] = useState(
    () => draft.mode === 'inbox' || draft.aigc || draft.pull || draft.cover !== '',
  );
  const rows: Row[] = [
    ...(feed ? [] : [{ kind: 'title' } as const]),
    ...(kind === 'photo' && !feed ? [{ kind: 'description' } as const] : []),
    ...levels.map((level) => ({ kind: 'privacy', level }) as const),
    ...toggles.map((id) => ({ kind: 'toggle', id }) as const),
    { kind: 'more' },
    ...(expanded
      ? options.map((id) =>
          id === 'cover' ? ({ kind: 'cover' } as const) : ({ kind: 'option', id } as const),
        )
      : []),
  ];
  const [focus] = useFocusIndex(rows.length, { isActive: info !== undefined });
  const [errors, setErrors] = useState<{
    title?: string;
    description?: string;
    privacy?: string;
    cover?: string;
  }>({});
  const row = rows[focus];
  const brandedOn = draft.disclose && draft.brand.content;
  const privacyReason = (level: PrivacyLevel) =>
    level === 'SELF_ONLY' && brandedOn ? GUIDELINE_TEXT.brandedNotPrivate : undefined;

  function submit(creatorInfo: CreatorInfo) {
    const limit = titleLimit(kind);
    const found = {
      ...(!feed && draft.title.length > limit
        ? { title: `Too long: TikTok allows ${limit} characters.` }
        : {}),
      ...(!feed && kind === 'photo' && draft.description.length > LIMITS.photoDescription
        ? { description: `Too long: TikTok allows ${LIMITS.photoDescription} characters.` }
        : {}),
      ...(draft.privacy === undefined || !creatorInfo.privacy_level_options.includes(draft.privacy)
        ? { privacy: 'Choose who can see this post.' }
        : {}),
      ...(options.includes('cover') && coverProblem(draft.cover) ? { cover: coverProblem(draft.cover) } : {}),
    };
    if (found.cover) setExpanded(true);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    // Settings may have changed since a toggle was ticked (another account): never send a disabled one.
    const off = Object.fromEntries(
      toggles.filter((id) => toggleDisabledReason(id, creatorInfo)).map((id) => [id, false]),
    );
    if (Object.keys(off).length > 0) onChange(off);
    onNext();
  }

  useKeys((input, key) => {
    if (key.escape) return onBack();
    if (!info) return;
    if (key.return) return submit(info);
    if (input !== ' ' || !row) return;
    if (row.kind === 'privacy' && !privacyReason(row.level)) {
      onChange({ privacy: row.level });
      setErrors((e) => ({ ...e, privacy: undefined }));
    } else if (row.kind === 'toggle' && !toggleDisabledReason(row.id, info)) {
      onChange({ [row.id]: !draft[row.id] });
    } else if (row.kind === 'more') {
      setExpanded(!expanded);
    } else if (row.kind === 'option') {
      onChange(toggleOption(row.id, draft));
    }
  });

  if (!info) return <CreatorGate state={creator} onRetry={onRetryCreator} />;

  const indexOf = (predicate: (r: Row) => boolean) => rows.findIndex(predicate);
  const privacyStart = indexOf((r) => r.kind === 'privacy');
  const toggleStart = indexOf((r) => r.kind === 'toggle');
  const moreAt = indexOf((r) => r.kind === 'more');
  const privacyItems: CheckItem[] = levels.map((level) => ({
    id: level,
    label: PRIVACY_LABELS[level],
    checked: draft.privacy === level,
    disabledReason: privacyReason(level),
  }));
  const toggleItems: CheckItem[] = toggles.map((id) => {
    const reason = toggleDisabledReason(id, info);
    return { id, label: TOGGLE_LABELS[id], checked: !reason && draft[id], disabledReason: reason };
  });
  const titleMax = titleLimit(kind);

  return (
    <StepBody hints={[KEYS.move, KEYS.toggle, KEYS.next, KEYS.back, KEYS.quit]}>
      <Text>
        Posting as <Text bold>{info.creator_nickname}</Text>
      </Text>
      {feed && <Text dimColor>These settings apply to every post from the feed.</Text>}
      {looksUnaudited(info) && (
        <Text color={tint('yellow')}>
          TikTok has not audited this app: it posts only to private accounts, as Only me, for 5 users a day.
          Choose Only me, or a draft in your inbox (More options).
        </Text>
      )}
      <Box flexDirection="column" marginTop={1}>
        {!feed && (
          <TextField
            label="Title"
            value={draft.title}
            limit={titleMax}
            focused={row?.kind === 'title'}
            onChange={(title) => {
              setErrors((e) => ({ ...e, title: undefined }));
              onChange({ title });
            }}
            error={errors.title}
          />
        )}
        {kind === 'photo' && !feed && (
          <TextField
            label="Description"
            value={draft.description}
            limit={LIMITS.photoDescription}
            multiline
            focused={row?.kind === 'description'}
            onChange={(description) => {
              setErrors((e) => ({ ...e, description: undefined }));
              onChange({ description });
            }}
            error={errors.description}
          />
        )}
        <Text bold>Who can see this post</Text>
        <CheckboxList variant="radio" items={privacyItems} focusedIndex={focus - privacyStart} />
        <FieldError message={errors.privacy} indent={2} />
        <CheckboxList items={toggleItems} focusedIndex={focus - toggleStart} />
        <PostOptions
          draft={draft}
          ids={options}
          expanded={expanded}
          focused={
            row?.kind === 'more' || row?.kind === 'option' || row?.kind === 'cover' ? focus - moreAt : -1
          }
          coverError={errors.cover}
          onChange={(patch) => {
            if ('cover' in patch) setErrors((e) => ({ ...e, cover: undefined }));
            onChange(patch);
          }}
        />
      </Box>
    </StepBody>
  );
}
