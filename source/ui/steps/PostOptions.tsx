import { Box, Text } from 'ink';
import { CheckboxList, type CheckItem } from '../components/CheckboxList.js';
import { TextField } from '../components/TextField.js';
import type { Draft } from '../draft.js';
import type { DraftPatch } from '../hooks/use-wizard.js';
import { type OptionId, optionsSummary } from '../post-options.js';

const LABELS: Record<Exclude<OptionId, 'cover'>, string> = {
  inbox: 'Send to my TikTok inbox as a draft (I finish it in the app)',
  aigc: 'AI-generated content (TikTok labels it)',
  pull: 'TikTok pulls the URL itself (its domain must be verified)',
};

/** Space on an option row: what it changes. */
export function toggleOption(id: Exclude<OptionId, 'cover'>, draft: Draft): DraftPatch {
  if (id === 'inbox') return { mode: draft.mode === 'inbox' ? 'direct' : 'inbox' };
  return { [id]: !draft[id] };
}

export interface PostOptionsProps {
  draft: Draft;
  ids: readonly OptionId[];
  expanded: boolean;
  /** Index of the focused row in this section (0 is "More options"), -1 when elsewhere. */
  focused: number;
  coverError?: string | undefined;
  onChange(patch: DraftPatch): void;
}

/**
 * What headless offers beyond the seed's flags, folded into one row until opened with Space:
 * an inbox draft, the AI-generated label, pull from a verified URL, the cover frame.
 */
export function PostOptions({ draft, ids, expanded, focused, coverError, onChange }: PostOptionsProps) {
  const toggles = ids.filter((id): id is Exclude<OptionId, 'cover'> => id !== 'cover');
  const items: CheckItem[] = toggles.map((id) => ({
    id,
    label: LABELS[id],
    checked: id === 'inbox' ? draft.mode === 'inbox' : draft[id],
  }));
  return (
    <Box flexDirection="column">
      <Text bold={focused === 0}>
        {focused === 0 ? '› ' : '  '}
        {expanded ? '▾' : '▸'} More options
        <Text dimColor>
          {' '}
          {expanded ? '(Space to fold)' : `(${optionsSummary(draft, ids)}; Space to open)`}
        </Text>
      </Text>
      {expanded && (
        <Box flexDirection="column" paddingLeft={2}>
          <CheckboxList items={items} focusedIndex={focused - 1} />
          {ids.includes('cover') && (
            <TextField
              label="Cover frame: milliseconds or m:ss (empty: TikTok picks)"
              value={draft.cover}
              focused={focused === toggles.length + 1}
              onChange={(cover) => onChange({ cover })}
              error={coverError}
            />
          )}
        </Box>
      )}
    </Box>
  );
}
