import { Box, Text } from 'ink';
import { useState } from 'react';
import { GUIDELINE_TEXT, labelSentence, PRIVACY_LABELS } from '../../core/rules.js';
import { tint } from '../colors.js';
import { CheckboxList, type CheckItem } from '../components/CheckboxList.js';
import { FieldError } from '../components/FieldError.js';
import { KEYS } from '../components/KeyHelp.js';
import { StepBody } from '../components/Layout.js';
import { type Draft, effectiveBrand } from '../draft.js';
import { useFocusIndex } from '../hooks/use-focus-index.js';
import { useKeys } from '../hooks/use-keys.js';
import type { DraftPatch } from '../hooks/use-wizard.js';

export interface CommercialStepProps {
  draft: Draft;
  onChange(patch: DraftPatch): void;
  onNext(): void;
  onBack(): void;
}

const CHANGE_PRIVACY = `You chose "${PRIVACY_LABELS.SELF_ONLY}": press Esc and change privacy first.`;

/** The problem that blocks continuing from this screen, in TikTok's words, if any. */
export function commercialProblem(draft: Draft): string | undefined {
  if (!draft.disclose) return undefined;
  if (!draft.brand.organic && !draft.brand.content) return GUIDELINE_TEXT.brandChoiceRequired;
  if (draft.brand.content && draft.privacy === 'SELF_ONLY') return GUIDELINE_TEXT.brandedNotPrivate;
  return undefined;
}

/** Step 5: commercial content disclosure, off by default, with TikTok's rules and resulting label. */
export function CommercialStep({ draft, onChange, onNext, onBack }: CommercialStepProps) {
  const rows = draft.disclose ? (['disclose', 'organic', 'content'] as const) : (['disclose'] as const);
  const [focus] = useFocusIndex(rows.length);
  const [error, setError] = useState<string | undefined>();
  const [refused, setRefused] = useState(false);
  const onlyMe = draft.privacy === 'SELF_ONLY';

  useKeys((input, key) => {
    if (key.escape) return onBack();
    if (key.return) {
      const problem = commercialProblem(draft);
      setError(problem);
      if (!problem) onNext();
      return;
    }
    if (input !== ' ') return;
    setError(undefined);
    const row = rows[focus];
    if (row === 'disclose') onChange({ disclose: !draft.disclose });
    else if (row === 'organic') onChange({ brand: { ...draft.brand, organic: !draft.brand.organic } });
    else if (row === 'content') {
      // Unticking is always allowed; ticking while private is refused, as TikTok would.
      if (onlyMe && !draft.brand.content) return setRefused(true);
      onChange({ brand: { ...draft.brand, content: !draft.brand.content } });
    }
  });

  const toggle: CheckItem[] = [
    { id: 'disclose', label: 'Disclose commercial content', checked: draft.disclose },
  ];
  const choices: CheckItem[] = [
    { id: 'organic', label: 'Your brand (yourself or your business)', checked: draft.brand.organic },
    {
      id: 'content',
      label: 'Branded content (a third party)',
      checked: draft.brand.content,
      disabledReason: onlyMe && !draft.brand.content ? GUIDELINE_TEXT.brandedNotPrivate : undefined,
    },
  ];
  // From a feed, entries may be videos or slideshows: TikTok's sentence names the kind.
  const label = labelSentence(
    draft.source === 'feed' ? 'photo/video' : (draft.kind ?? 'video'),
    effectiveBrand(draft),
  );

  return (
    <StepBody hints={[KEYS.move, KEYS.toggle, KEYS.next, KEYS.back, KEYS.quit]}>
      <Text>Does this post promote a brand, product or service?</Text>
      <Box flexDirection="column" marginTop={1}>
        <CheckboxList items={toggle} focusedIndex={focus} />
        {draft.disclose && (
          <Box flexDirection="column" paddingLeft={2}>
            <CheckboxList items={choices} focusedIndex={focus - 1} />
          </Box>
        )}
      </Box>
      {draft.disclose && onlyMe && (refused || draft.brand.content) && (
        <Text color={tint('yellow')}>{CHANGE_PRIVACY}</Text>
      )}
      <FieldError message={error} indent={0} />
      <Box marginTop={1}>
        {label ? <Text bold>{label}</Text> : <Text dimColor>No commercial content label.</Text>}
      </Box>
    </StepBody>
  );
}
