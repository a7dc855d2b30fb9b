/** One screen row of a field's value; `cursor` is the cursor's index within it, if it is there. */
export interface FieldRow {
  text: string;
  cursor?: number;
}

interface Segment {
  start: number;
  text: string;
}

/** The value cut into rows of at most `width - 1` characters (the last column is for the cursor). */
function segments(text: string, width: number): Segment[] {
  const size = Math.max(1, width - 1);
  const out: Segment[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    if (line === '') out.push({ start: offset, text: '' });
    for (let i = 0; i < line.length; i += size)
      out.push({ start: offset + i, text: line.slice(i, i + size) });
    offset += line.length + 1;
  }
  return out;
}

/**
 * The rows of a field that fit in `maxRows`, scrolled so the cursor is visible: a long title or a
 * pasted caption shows the part being edited, with … where more is above or below.
 */
export function visibleRows(text: string, cursor: number, width: number, maxRows: number): FieldRow[] {
  const all = segments(text, width);
  // The cursor sits in the last segment that starts at or before it (at a line's end, that line's).
  let at = 0;
  for (let i = 0; i < all.length; i++) if (all[i]!.start <= cursor) at = i;
  const rows = Math.max(1, maxRows);
  const first = Math.max(0, Math.min(at - rows + 1 + Math.floor((rows - 1) / 2), all.length - rows));
  const shown = all.slice(first, first + rows).map((segment, index) => {
    const row: FieldRow = { text: segment.text };
    if (first + index === at) row.cursor = cursor - segment.start;
    return row;
  });
  const top = shown[0];
  if (first > 0 && top && top.cursor !== 0) top.text = `…${top.text.slice(1)}`;
  const bottom = shown[shown.length - 1];
  if (first + rows < all.length && bottom && bottom.cursor === undefined)
    bottom.text = `${bottom.text.slice(0, -1)}…`;
  return shown;
}
