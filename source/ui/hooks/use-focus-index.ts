import { useState } from 'react';
import { useKeys } from './use-keys.js';

/**
 * Which row of a form has the focus: ↑/↓ and Tab/Shift+Tab move it, wrapping around.
 * Kept per step on purpose: the draft survives Esc, the cursor position need not.
 */
export function useFocusIndex(count: number, options: { isActive?: boolean; initial?: number } = {}) {
  const [raw, setIndex] = useState(options.initial ?? 0);
  const index = count === 0 ? 0 : Math.min(Math.max(raw, 0), count - 1);
  useKeys(
    (_input, key) => {
      if (count === 0) return;
      if (key.downArrow || (key.tab && !key.shift)) setIndex((index + 1) % count);
      else if (key.upArrow || (key.tab && key.shift)) setIndex((index - 1 + count) % count);
    },
    { isActive: options.isActive !== false },
  );
  return [index, setIndex] as const;
}
