import { type A1Range, columnLetters, parseA1, quoteSheet } from './a1-range.js';

/** A Google API error, thrown by store operations and rendered by the router. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly status: string,
    message: string,
  ) {
    super(message);
  }
}

/** Google's default grid for a new sheet; ranges with open ends echo back to its edge. */
const GRID_ROWS = 1000;
const GRID_COLS = 26;

interface Resolved {
  name: string;
  grid: string[][];
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** The spreadsheets the emulator holds: id → sheet name → rows of cell strings. */
export class SheetStore {
  readonly #books = new Map<string, Map<string, string[][]>>();

  /** Creates or replaces a sheet's contents. */
  seed(spreadsheetId: string, sheetName: string, rows: string[][]): void {
    const book = this.#books.get(spreadsheetId) ?? new Map<string, string[][]>();
    this.#books.set(spreadsheetId, book);
    book.set(
      sheetName,
      rows.map((r) => [...r]),
    );
  }

  /** The sheet's cells as stored (trailing blanks trimmed like values.get does). */
  rows(spreadsheetId: string, sheetName: string): string[][] {
    const grid = this.#books.get(spreadsheetId)?.get(sheetName);
    if (!grid) throw new Error(`No sheet "${sheetName}" in spreadsheet "${spreadsheetId}"`);
    return trimGrid(grid.map((r) => [...r]));
  }

  #resolve(spreadsheetId: string, range: string): Resolved {
    const book = this.#books.get(spreadsheetId);
    if (!book) throw new ApiError(404, 'NOT_FOUND', 'Requested entity was not found.');
    const a1 = parseA1(range);
    const name = a1?.sheet ?? book.keys().next().value;
    const grid = name === undefined ? undefined : book.get(name);
    if (!a1 || name === undefined || !grid) {
      throw new ApiError(400, 'INVALID_ARGUMENT', `Unable to parse range: ${range}`);
    }
    const rows = Math.max(GRID_ROWS, grid.length);
    const cols = Math.max(GRID_COLS, ...grid.map((r) => r.length));
    return { name, grid, ...bounds(a1, rows, cols) };
  }

  /** values.get: the cells inside the range, trailing empty cells and rows omitted. */
  get(spreadsheetId: string, range: string): { range: string; majorDimension: 'ROWS'; values?: string[][] } {
    const r = this.#resolve(spreadsheetId, range);
    const values: string[][] = [];
    for (let row = r.top; row <= Math.min(r.bottom, r.grid.length - 1); row++) {
      values.push((r.grid[row] ?? []).slice(r.left, r.right + 1));
    }
    const trimmed = trimGrid(values);
    const out = { range: echo(r), majorDimension: 'ROWS' as const };
    return trimmed.length ? { ...out, values: trimmed } : out;
  }

  /** values.update: writes `values` from the range's top-left; refuses writes outside a bounded range. */
  update(spreadsheetId: string, range: string, values: unknown): UpdateResult {
    const r = this.#resolve(spreadsheetId, range);
    const rows = checkValues(values);
    const height = rows.length;
    const width = Math.max(0, ...rows.map((v) => v.length));
    if (r.top + height - 1 > r.bottom || r.left + width - 1 > r.right) {
      throw new ApiError(
        400,
        'INVALID_ARGUMENT',
        `Requested writing within range [${range}], but tried writing ${height} rows and ${width} columns.`,
      );
    }
    rows.forEach((cells, i) => {
      const row = r.top + i;
      while (r.grid.length <= row) r.grid.push([]);
      const target = r.grid[row]!;
      cells.forEach((value, j) => {
        while (target.length < r.left + j) target.push('');
        target[r.left + j] = value;
      });
    });
    const end = { ...r, bottom: r.top + Math.max(height, 1) - 1, right: r.left + Math.max(width, 1) - 1 };
    return {
      spreadsheetId,
      updatedRange: echo(end),
      updatedRows: height,
      updatedColumns: width,
      updatedCells: rows.reduce((n, v) => n + v.length, 0),
    };
  }

  /** values.append: writes below the last row that has any content. */
  append(
    spreadsheetId: string,
    range: string,
    values: unknown,
  ): { tableRange?: string; updates: UpdateResult } {
    const r = this.#resolve(spreadsheetId, range);
    let last = r.grid.length - 1;
    while (last >= 0 && (r.grid[last] ?? []).every((c) => c === '')) last--;
    const start = `${quoteSheet(r.name)}!${columnLetters(r.left)}${last + 2}`;
    const updates = this.update(
      spreadsheetId,
      `${start}:${columnLetters(r.right)}${GRID_ROWS * 1000}`,
      values,
    );
    const tableRange =
      last >= 0
        ? `${quoteSheet(r.name)}!${columnLetters(r.left)}1:${columnLetters(r.right)}${last + 1}`
        : undefined;
    return tableRange ? { tableRange, updates } : { updates };
  }
}

export interface UpdateResult {
  spreadsheetId: string;
  updatedRange: string;
  updatedRows: number;
  updatedColumns: number;
  updatedCells: number;
}

function bounds(a1: A1Range, rows: number, cols: number) {
  return {
    top: a1.startRow ?? 0,
    left: a1.startCol ?? 0,
    bottom: a1.endRow ?? rows - 1,
    right: a1.endCol ?? cols - 1,
  };
}

function echo(r: { name: string; top: number; left: number; bottom: number; right: number }): string {
  const from = `${columnLetters(r.left)}${r.top + 1}`;
  const to = `${columnLetters(r.right)}${r.bottom + 1}`;
  return `${quoteSheet(r.name)}!${from === to ? from : `${from}:${to}`}`;
}

/** Google stores booleans and numbers; what values.get returns (FORMATTED_VALUE) is their text. */
function checkValues(values: unknown): string[][] {
  if (!Array.isArray(values) || !values.every(Array.isArray)) {
    throw new ApiError(400, 'INVALID_ARGUMENT', 'Invalid values: expected an array of rows.');
  }
  return (values as unknown[][]).map((row) =>
    row.map((v) => {
      if (v === null || v === undefined) return '';
      if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
      if (typeof v === 'string' || typeof v === 'number') return String(v);
      throw new ApiError(
        400,
        'INVALID_ARGUMENT',
        'Invalid value: cells must be strings, numbers or booleans.',
      );
    }),
  );
}

/** Drops trailing empty cells in each row and trailing empty rows, as the API does. */
export function trimGrid(grid: string[][]): string[][] {
  const rows = grid.map((row) => {
    let end = row.length;
    while (end > 0 && (row[end - 1] ?? '') === '') end--;
    return row.slice(0, end);
  });
  while (rows.length > 0 && rows[rows.length - 1]!.length === 0) rows.pop();
  return rows;
}
