import { Box, Text } from 'ink';
import { KEYS } from '../components/KeyHelp.js';
import { StepBody } from '../components/Layout.js';
import { Select, type SelectItem } from '../components/Select.js';
import type { PostKind, SourceKind } from '../draft.js';
import { useFocusIndex } from '../hooks/use-focus-index.js';
import { useKeys } from '../hooks/use-keys.js';

/** Optional entries of step 2 (the wizard command turns both on). */
export interface WizardFeatures {
  feeds?: boolean;
  schedule?: boolean;
}

export interface ActionStepProps {
  kind?: PostKind | undefined;
  source?: SourceKind | undefined;
  features?: WizardFeatures | undefined;
  onChoose(kind: PostKind | SourceKind): void;
  onBack(): void;
}

/** Step 2: what to post. */
export function ActionStep({ kind, source, features, onChoose, onBack }: ActionStepProps) {
  const items: SelectItem[] = [
    { id: 'video', label: 'Video', detail: 'a file or a URL' },
    { id: 'photo', label: 'Photo slideshow', detail: 'up to 4 image URLs' },
  ];
  if (features?.feeds) items.push({ id: 'feed', label: 'Post from a feed', detail: 'RSS or Atom' });
  if (features?.schedule) items.push({ id: 'schedule', label: 'Run the schedule', detail: 'Google Sheets' });
  const chosen = source ?? kind;
  const [focus] = useFocusIndex(items.length, {
    initial: Math.max(
      0,
      items.findIndex((i) => i.id === chosen),
    ),
  });

  useKeys((_input, key) => {
    if (key.escape) return onBack();
    if (!key.return) return;
    const id = items[focus]?.id;
    if (id === 'video' || id === 'photo' || id === 'feed' || id === 'schedule') onChoose(id);
  });

  return (
    <StepBody hints={[KEYS.move, ['Enter', 'choose'], KEYS.back, KEYS.quit]}>
      <Text>What do you want to post?</Text>
      <Box marginTop={1} flexDirection="column">
        <Select items={items} focusedIndex={focus} />
      </Box>
    </StepBody>
  );
}
