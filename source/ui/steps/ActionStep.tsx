import { Box, Text } from 'ink';
import { useState } from 'react';
import { tint } from '../colors.js';
import { KEYS } from '../components/KeyHelp.js';
import { StepBody } from '../components/Layout.js';
import { Select, type SelectItem } from '../components/Select.js';
import type { PostKind } from '../draft.js';
import { useFocusIndex } from '../hooks/use-focus-index.js';
import { useKeys } from '../hooks/use-keys.js';

/** Optional entries, off by default until feeds and schedules run from the wizard. */
export interface WizardFeatures {
  feeds?: boolean;
  schedule?: boolean;
}

export interface ActionStepProps {
  kind?: PostKind | undefined;
  features?: WizardFeatures | undefined;
  onChoose(kind: PostKind): void;
  onBack(): void;
}

// Until feeds and schedules run inside the wizard, these entries point at the headless command.
const LATER: Record<string, string> = {
  feed: 'For now, use `agoras publish --network tiktok --action last-from-feed …`',
  schedule: 'For now, use `agoras publish --network tiktok --action schedule …`',
};

/** Step 2: what to post. */
export function ActionStep({ kind, features, onChoose, onBack }: ActionStepProps) {
  const items: SelectItem[] = [
    { id: 'video', label: 'Video', detail: 'a file or a URL' },
    { id: 'photo', label: 'Photo slideshow', detail: 'up to 4 image URLs' },
  ];
  if (features?.feeds) items.push({ id: 'feed', label: 'Post from a feed' });
  if (features?.schedule) items.push({ id: 'schedule', label: 'Run the schedule' });
  const [focus] = useFocusIndex(items.length, { initial: kind === 'photo' ? 1 : 0 });
  const [message, setMessage] = useState<string | undefined>();

  useKeys((_input, key) => {
    if (key.escape) return onBack();
    if (!key.return) return;
    const id = items[focus]?.id;
    if (id === 'video' || id === 'photo') onChoose(id);
    else if (id) setMessage(LATER[id]);
  });

  return (
    <StepBody hints={[KEYS.move, ['Enter', 'choose'], KEYS.back, KEYS.quit]}>
      <Text>What do you want to post?</Text>
      <Box marginTop={1} flexDirection="column">
        <Select items={items} focusedIndex={focus} />
      </Box>
      {message && (
        <Box marginTop={1}>
          <Text color={tint('yellow')}>{message}</Text>
        </Box>
      )}
    </StepBody>
  );
}
