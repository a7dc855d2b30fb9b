import { Box, Text, useStdout } from 'ink';
import { useRef } from 'react';
import { tint } from '../colors.js';
import { useKeys } from '../hooks/use-keys.js';
import { applyKey, cleanInput, type EditState, editState } from '../input/line-edit.js';
import { FieldError } from './FieldError.js';
import { visibleRows } from './text-window.js';

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
  /** Keeps line breaks (typed with Alt+Enter, or pasted); a one-line field turns them into spaces. */
  multiline?: boolean;
  /** Rows of the value shown at most; a longer value scrolls with the cursor. */
  rows?: number;
  /** A line under the field that is not an error ("checking…", the check result). */
  children?: React.ReactNode;
}

/** Removes what a terminal paste can carry that a one-line field must not hold. */
export function cleanTyped(input: string): string {
  return cleanInput(input);
}

/**
 * A text input that edits like readline: ←/→, Home/End, Ctrl+A/E, Alt+←/→ or Alt+B/F by word,
 * Backspace/Delete, Ctrl+U/K/W (Ctrl+Y puts the cut text back), and pastes of any length. The
 * value and cursor live in a ref, so every key of a burst builds on the key before it, before
 * React renders.
 */
export function TextField(props: TextFieldProps) {
  const { value, onChange, focused, multiline } = props;
  const edit = useRef<EditState>(editState(value));
  // The value changed from outside (a prefill, a cleared form): the cursor goes to its end.
  if (edit.current.value !== value) edit.current = { ...editState(value), killed: edit.current.killed };
  useKeys(
    (_input, _key, press) => {
      const before = edit.current;
      const after = applyKey(before, press, { multiline });
      edit.current = after;
      if (after.value !== before.value) onChange(after.value);
    },
    { isActive: focused },
  );
  const { stdout } = useStdout();
  const width = Math.max(10, (stdout.columns || 80) - 5);
  const cursor = Math.min(edit.current.cursor, value.length);
  const shown = props.mask ? value.replace(/[^\n]/g, '•') : value;
  const rows = visibleRows(shown, focused ? cursor : shown.length, width, props.rows ?? (multiline ? 4 : 3));
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
      <Box paddingLeft={4} flexDirection="column">
        {value === '' && !focused && props.placeholder ? (
          <Text dimColor>{props.placeholder}</Text>
        ) : (
          rows.map((row, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions on the screen
            <Text key={index} wrap="truncate-end">
              {row.text.slice(0, row.cursor ?? row.text.length)}
              {focused && row.cursor !== undefined ? (
                <Text inverse>{row.text[row.cursor] ?? ' '}</Text>
              ) : null}
              {row.cursor !== undefined ? row.text.slice(row.cursor + 1) : ''}
            </Text>
          ))
        )}
      </Box>
      {props.children}
      <FieldError message={props.error} />
    </Box>
  );
}
