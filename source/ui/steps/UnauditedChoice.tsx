import { Box, Text } from 'ink';
import { type UnauditedChoice as Choice, UNAUDITED_TEXT, type UnauditedWhy } from '../../core/unaudited.js';
import { tint } from '../colors.js';
import { KEYS } from '../components/KeyHelp.js';
import { StepBody } from '../components/Layout.js';
import { Select, type SelectItem } from '../components/Select.js';
import { useFocusIndex } from '../hooks/use-focus-index.js';
import { useKeys } from '../hooks/use-keys.js';

/** What each choice does, in the person's words; "Only me" only where it can still work. */
function choicesFor(why: UnauditedWhy): (SelectItem & { id: Choice })[] {
  return [
    ...(why === 'privacy' ? [{ id: 'self-only' as const, label: "Post it as 'Only me'" }] : []),
    { id: 'inbox', label: 'Send it to my TikTok inbox as a draft', detail: 'I finish it in the app' },
    { id: 'fail', label: 'Do not post it' },
  ];
}

/**
 * An app TikTok has not audited, met while publishing: what that means, and the person's choice.
 * Nothing changes without it (Enter on a choice); Ctrl+C leaves without posting.
 */
export function UnauditedChoice({ why, onChoose }: { why: UnauditedWhy; onChoose(choice: Choice): void }) {
  const items = choicesFor(why);
  const [focus] = useFocusIndex(items.length);
  useKeys((_input, key) => {
    if (key.return) onChoose(items[focus]!.id);
  });
  return (
    <StepBody hints={[KEYS.move, ['Enter', 'choose'], KEYS.quit]}>
      <Text color={tint('yellow')} bold>
        {why === 'public-account'
          ? 'TikTok refused the post: this TikTok account is public.'
          : "This account can post only as 'Only me' from this app."}
      </Text>
      <Text>{UNAUDITED_TEXT}</Text>
      <Box marginTop={1}>
        <Select items={items} focusedIndex={focus} />
      </Box>
    </StepBody>
  );
}
