import { Box, Text } from 'ink';
import { tint } from '../colors.js';

export interface SelectItem {
  id: string;
  label: string;
  /** Extra words after the label, dimmed ("default", "✓ ready"). */
  detail?: string | undefined;
  /** Colour of the detail, when it carries a state (yellow for a warning). */
  detailColor?: string | undefined;
}

/** A vertical menu; the focused row carries a pointer so it reads without colour too. */
export function Select({ items, focusedIndex }: { items: SelectItem[]; focusedIndex: number }) {
  return (
    <Box flexDirection="column">
      {items.map((item, index) => {
        const focused = index === focusedIndex;
        return (
          <Box key={item.id}>
            <Text bold={focused} color={tint(focused ? 'cyan' : undefined)}>
              {focused ? '› ' : '  '}
              {item.label}
            </Text>
            {item.detail && (
              <Text color={tint(item.detailColor)} dimColor={!item.detailColor}>
                {`  ${item.detail}`}
              </Text>
            )}
          </Box>
        );
      })}
    </Box>
  );
}
