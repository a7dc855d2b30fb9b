import { Box, Text } from 'ink';

export interface CheckItem {
  id: string;
  label: string;
  checked: boolean;
  /** When set the row is greyed out and this says why it cannot be chosen. */
  disabledReason?: string | undefined;
}

export interface CheckboxListProps {
  items: CheckItem[];
  /** Index of the focused row within this list, or -1 when the focus is elsewhere. */
  focusedIndex: number;
  /** radio: exactly one may be chosen (privacy); checkbox: any number. */
  variant?: 'checkbox' | 'radio';
}

function mark(variant: 'checkbox' | 'radio', checked: boolean): string {
  if (variant === 'radio') return checked ? '(•)' : '( )';
  return checked ? '[x]' : '[ ]';
}

/** Checkbox or radio rows; disabled rows are dimmed and carry their reason. */
export function CheckboxList({ items, focusedIndex, variant = 'checkbox' }: CheckboxListProps) {
  return (
    <Box flexDirection="column">
      {items.map((item, index) => {
        const focused = index === focusedIndex;
        const disabled = item.disabledReason !== undefined;
        // A long reason goes on its own line so the row does not wrap mid-word in 80 columns.
        const inline = disabled && item.label.length + (item.disabledReason?.length ?? 0) < 60;
        return (
          <Box key={item.id} flexDirection="column">
            {/* Pointer and mark in a column of their own: a label that wraps (a narrow terminal)
                continues under itself, not under the mark. */}
            <Box>
              <Box flexShrink={0} width={6}>
                <Text bold={focused && !disabled} dimColor={disabled}>
                  {focused ? '› ' : '  '}
                  {mark(variant, item.checked)}
                </Text>
              </Box>
              <Text bold={focused && !disabled} dimColor={disabled}>
                {item.label}
                {inline ? ` — ${item.disabledReason}` : ''}
              </Text>
            </Box>
            {disabled && !inline && (
              <Box paddingLeft={6}>
                <Text dimColor>{item.disabledReason}</Text>
              </Box>
            )}
          </Box>
        );
      })}
    </Box>
  );
}
