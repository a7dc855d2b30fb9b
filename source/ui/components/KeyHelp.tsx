import { Text } from 'ink';

/** One key and what it does, for the footer. */
export type KeyHint = readonly [key: string, action: string];

/** Common hints, so every screen words them the same way. */
export const KEYS = {
  move: ['↑↓', 'move'],
  toggle: ['Space', 'toggle'],
  select: ['Space', 'select'],
  next: ['Enter', 'continue'],
  back: ['Esc', 'back'],
  quit: ['Ctrl+C', 'quit'],
} as const satisfies Record<string, KeyHint>;

/** The one-line key help at the bottom of every screen. */
export function KeyHelp({ hints }: { hints: readonly KeyHint[] }) {
  return <Text dimColor>{hints.map(([key, action]) => `${key} ${action}`).join(' · ')}</Text>;
}
