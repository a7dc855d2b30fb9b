/**
 * A cover frame time as typed: milliseconds ("1500") or m:ss with optional fraction ("0:01.5",
 * "1:02"). Returns the milliseconds, undefined for an empty field, or NaN when it is neither.
 */
export function parseCoverTime(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  if (/^\d+$/.test(t)) return Number(t);
  const m = /^(\d+):([0-5]?\d)(?:\.(\d{1,3}))?$/.exec(t);
  if (!m) return Number.NaN;
  const fraction = m[3] ? Number(m[3].padEnd(3, '0')) : 0;
  return (Number(m[1]) * 60 + Number(m[2])) * 1000 + fraction;
}
