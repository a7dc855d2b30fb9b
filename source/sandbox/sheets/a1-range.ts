// A1 notation as the Sheets API accepts it in a values range: an optional sheet name (quoted with
// single quotes when it has spaces or punctuation, '' for an apostrophe), then cells, columns or rows.

/** A parsed range; undefined bounds are open (A:L has no row bounds). All indexes are 0-based. */
export interface A1Range {
  sheet: string | undefined;
  startRow: number | undefined;
  endRow: number | undefined;
  startCol: number | undefined;
  endCol: number | undefined;
}

/** Column letters to a 0-based index: A → 0, L → 11, AA → 26. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** A 0-based column index to letters. */
export function columnLetters(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** Quotes a sheet name the way Google echoes it: only when it is not a plain identifier. */
export function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !/^[A-Za-z]{1,3}\d+$/.test(name)
    ? name
    : `'${name.replaceAll("'", "''")}'`;
}

const CELL = /^([A-Za-z]{0,3})(\d*)$/;

function parseCell(ref: string): { col: number | undefined; row: number | undefined } | undefined {
  const m = CELL.exec(ref);
  if (!m || (!m[1] && !m[2])) return undefined;
  const row = m[2] ? Number(m[2]) - 1 : undefined;
  if (row !== undefined && row < 0) return undefined;
  return { col: m[1] ? columnIndex(m[1]) : undefined, row };
}

/** Splits `'My Sheet'!A2:L` into sheet and bounds; undefined when it is not valid A1. */
export function parseA1(range: string): A1Range | undefined {
  let sheet: string | undefined;
  let cells = range;
  if (range.startsWith("'")) {
    const m = /^'((?:[^']|'')+)'(?:!(.*))?$/.exec(range);
    if (!m) return undefined;
    sheet = m[1]!.replaceAll("''", "'");
    cells = m[2] ?? '';
  } else {
    const bang = range.lastIndexOf('!');
    if (bang >= 0) {
      sheet = range.slice(0, bang);
      cells = range.slice(bang + 1);
    } else if (!/^[A-Za-z]{0,3}\d*(:[A-Za-z]{0,3}\d*)?$/.test(range)) {
      // A bare word is a sheet name (the whole sheet), as in values.get("Sheet1").
      return { sheet: range, startRow: undefined, endRow: undefined, startCol: undefined, endCol: undefined };
    }
  }
  if (sheet === '') return undefined;
  if (cells === '') {
    return { sheet, startRow: undefined, endRow: undefined, startCol: undefined, endCol: undefined };
  }
  const [a, b, extra] = cells.split(':');
  if (extra !== undefined || a === undefined) return undefined;
  const start = parseCell(a);
  const end = b === undefined ? start : parseCell(b);
  if (!start || !end) return undefined;
  return {
    sheet,
    startRow: start.row,
    endRow: end.row,
    startCol: start.col,
    endCol: end.col,
  };
}
