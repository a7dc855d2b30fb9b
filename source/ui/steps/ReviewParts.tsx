import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { formatDate } from '../../shared/format.js';
import type { BrandOptions } from '../../shared/post-job.js';
import { Button } from '../components/Button.js';
import { declarationText } from '../review/summary-lines.js';

/** One "label  value" line of a review screen; a long value wraps beside its label, never cut. */
export function ReviewRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box>
      <Box width={14} flexShrink={0}>
        <Text dimColor>{label}</Text>
      </Box>
      <Box flexShrink={1}>
        <Text>{children}</Text>
      </Box>
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

/** TikTok's declaration, its policies linked, right before the button that sends. */
export function Consent({ brand, action }: { brand: BrandOptions; action: string }) {
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text>{declarationText(brand)}</Text>
      <Box marginTop={1}>
        <Button label={action} focused />
      </Box>
    </Box>
  );
}

/** A date as everywhere in agoras: the user's locale, with the time zone. */
export function shortDate(date: Date): string {
  return formatDate(date);
}
