import { Text } from 'ink';
import { tint } from '../colors.js';

/** A focusable action; the brackets and pointer read without colour too. */
export function Button({
  label,
  focused,
  disabled,
}: {
  label: string;
  focused: boolean;
  disabled?: boolean;
}) {
  return (
    <Text
      bold={focused && !disabled}
      color={tint(focused && !disabled ? 'cyan' : undefined)}
      dimColor={disabled}
    >
      {focused ? '› ' : '  '}[ {label} ]
    </Text>
  );
}
