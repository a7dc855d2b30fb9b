import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';

/**
 * Text cut into lines of at most `width` columns, at spaces where it can and anywhere it must (a
 * long URL or path): nothing is ever cut off, only moved to the next line. Line breaks are kept;
 * colours and hyperlinks survive the cut.
 */
export function wrapText(text: string, width: number): string[] {
  const columns = Math.max(1, width);
  return text
    .split('\n')
    .flatMap((line) => (line === '' ? [''] : wrapAnsi(line, columns, { hard: true }).split('\n')))
    .map((line) => line.replace(/\s+$/, ''));
}

/** Columns a string takes on screen (wide characters count two, escape codes none). */
export function widthOf(text: string): number {
  return stringWidth(text);
}
