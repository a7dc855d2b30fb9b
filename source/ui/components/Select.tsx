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

/**
 * A vertical menu; the focused row carries a pointer so it reads without colour too. A row too
 * long for the terminal wraps as one text, its continuation lines under the label, not under the
 * pointer.
 */
export function Select({ items, focusedIndex }: { items: SelectItem[]; focusedIndex: number }) {
  return (
    <Box flexDirection="column">
      {items.map((item, index) => {
        const focused = index === focusedIndex;
        return (
          <Box key={item.id}>
            <Box flexShrink={0} width={2}>
              <Text bold={focused} color={tint(focused ? 'cyan' : undefined)}>
                {focused ? '›' : ' '}
              </Text>
            </Box>
            <Text>
              <Text bold={focused} color={tint(focused ? 'cyan' : undefined)}>
                {item.label}
              </Text>
              {item.detail && (
                <Text color={tint(item.detailColor)} dimColor={!item.detailColor}>
                  {`  ${item.detail}`}
                </Text>
              )}
            </Text>
          </Box>
        );
      })}
    </Box>
  );
}
