import { Text } from 'ink';
import type { ReactNode } from 'react';
import type { SummaryRow } from '../../core/post-summary.js';
import { linkedDeclaration } from '../../core/rules.js';
import type { BrandOptions } from '../../shared/post-job.js';
import { wrapText } from '../../shared/wrap.js';
import { link, supportsHyperlinks } from '../components/links.js';

const LABEL_WIDTH = 14;

/**
 * Summary rows as screen lines: the label in its column, the value wrapped beside it to the
 * terminal's width (below it when the terminal is narrow). Every character is kept.
 */
export function summaryLines(rows: readonly SummaryRow[], width: number, prefix = 'row'): ReactNode[] {
  const narrow = width < 40;
  const valueWidth = narrow ? width - 2 : width - LABEL_WIDTH;
  return rows.flatMap((row, r) => {
    const lines = wrapText(row.value, valueWidth);
    const label = <Text dimColor>{narrow ? row.label : row.label.padEnd(LABEL_WIDTH)}</Text>;
    // biome-ignore-start lint/suspicious/noArrayIndexKey: wrapped lines are positions on the screen
    if (narrow) {
      return [
        <Text key={`${prefix}${r}`}>{label}</Text>,
        ...lines.map((line, i) => <Text key={`${prefix}${r}.${i}`}>{`  ${line}`}</Text>),
      ];
    }
    return lines.map((line, i) => (
      <Text key={`${prefix}${r}.${i}`}>
        {i === 0 ? label : ' '.repeat(LABEL_WIDTH)}
        {line}
      </Text>
    ));
    // biome-ignore-end lint/suspicious/noArrayIndexKey: wrapped lines are positions on the screen
  });
}

/** Lines of plain text wrapped to the width, each a screen row. */
export function textLines(text: string, width: number, prefix: string, color?: string): ReactNode[] {
  return wrapText(text, width).map((line, i) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: wrapped lines are positions
    <Text key={`${prefix}${i}`} color={color}>
      {line}
    </Text>
  ));
}

/** TikTok's declaration with its policies as terminal hyperlinks (the URL in brackets where not drawn). */
export function declarationText(brand: BrandOptions, hyperlinks = supportsHyperlinks()): string {
  return linkedDeclaration(brand, (text, url) => link(text, url, hyperlinks));
}
