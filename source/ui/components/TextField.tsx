import { Box, Text } from 'ink';
import { tint } from '../colors.js';
import { useKeys } from '../hooks/use-keys.js';
import { FieldError } from './FieldError.js';

export interface TextFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  focused: boolean;
  /** Show • for each character (client secrets). */
  mask?: boolean;
  /** Shows a live n/limit counter that turns red past the limit. */
  limit?: number;
  placeholder?: string;
  error?: string | undefined;
  /** A line under the field that is not an error ("checking…", the check result). */
  children?: React.ReactNode;
}

// Long values (a 2200-character title, a long URL) would push the screen past 24 rows:
// show the end, where the user is typing.
const VISIBLE_CHARS = 150;

/** Removes what a terminal paste can carry that a one-line field must not hold. */
export function cleanTyped(input: string): string {
  return input.replace(/[\u0000-\u001f\u007f]/g, '');
}

/** A one-line text input with an optional mask, live counter and error line. */
export function TextField(props: TextFieldProps) {
  const { value, onChange, focused } = props;
  useKeys(
    (input, key) => {
      if (key.backspace || key.delete) {
        if (value !== '') onChange(value.slice(0, -1));
        return;
      }
      if (key.ctrl || key.return || key.tab || key.escape || key.upArrow || key.downArrow) return;
      const typed = cleanTyped(input);
      if (typed !== '') onChange(value + typed);
    },
    { isActive: focused },
  );

  const shown = props.mask ? '•'.repeat(value.length) : value;
  const tail = shown.length > VISIBLE_CHARS ? `…${shown.slice(-VISIBLE_CHARS)}` : shown;
  const over = props.limit !== undefined && value.length > props.limit;
  return (
    <Box flexDirection="column">
      <Box>
        <Text bold={focused}>
          {focused ? '› ' : '  '}
          {props.label}
        </Text>
        {props.limit !== undefined && (
          <Text color={tint(over ? 'red' : undefined)} dimColor={!over}>
            {`  ${value.length}/${props.limit}${over ? ' too long' : ''}`}
          </Text>
        )}
      </Box>
      <Box paddingLeft={4}>
        {value === '' && !focused && props.placeholder ? (
          <Text dimColor>{props.placeholder}</Text>
        ) : (
          <Text>
            {tail}
            {focused ? <Text inverse> </Text> : ''}
          </Text>
        )}
      </Box>
      {props.children}
      <FieldError message={props.error} />
    </Box>
  );
}
