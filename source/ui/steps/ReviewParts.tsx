import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { declaration } from '../../core/rules.js';
import type { BrandOptions } from '../../shared/post-job.js';
import { Button } from '../components/Button.js';

/** One "label  value" line of a review screen. */
export function ReviewRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box>
      <Box width={14} flexShrink={0}>
        <Text dimColor>{label}</Text>
      </Box>
      <Text wrap="truncate-end">{children}</Text>
    </Box>
  );
}

/** A list cut to what fits in 24 rows, saying how many more there are. */
export function ShortList<T>({
  items,
  max,
  render,
}: {
  items: readonly T[];
  max: number;
  render(item: T, index: number): ReactNode;
}) {
  const shown = items.length > max ? items.slice(0, max - 1) : items;
  return (
    <Box flexDirection="column">
      {shown.map(render)}
      {items.length > shown.length && <Text dimColor> …and {items.length - shown.length} more</Text>}
    </Box>
  );
}

/** TikTok's declaration right before the button that sends. */
export function Consent({ brand, action }: { brand: BrandOptions; action: string }) {
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text>{declaration(brand)}</Text>
      <Box marginTop={1}>
        <Button label={action} focused />
      </Box>
    </Box>
  );
}

/** "12 May, 14:00" in the machine's zone. */
export function shortDate(date: Date): string {
  return date.toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}
