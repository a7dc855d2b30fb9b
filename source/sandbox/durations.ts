const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A duration as people write it on a command line: `1500` (in `bare`'s unit), `500ms`, `30s`, `2m`, `2h`,
 * `180d`. Returns milliseconds; throws one line naming `name` when it is not one.
 */
export function parseDuration(text: string, name: string, bare: 'ms' | 's', maxMs: number): number {
  const m = /^(\d{1,12})(ms|s|m|h|d)?$/.exec(text.trim());
  const ms = m ? Number(m[1]) * UNITS[m[2] ?? bare]! : Number.NaN;
  if (!Number.isSafeInteger(ms) || ms > maxMs) {
    throw new Error(
      `${name} must be a whole duration like 1500 (${bare === 'ms' ? 'milliseconds' : 'seconds'}), 30s, 2m, 2h or 180d, up to ${maxMs / UNITS.d!} days.`,
    );
  }
  return ms;
}
