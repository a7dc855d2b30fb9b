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

/** The longest lifetime `--token-lifetimes` takes (TikTok's old refresh lifetime was a year). */
const MAX_LIFETIME_MS = 400 * UNITS.d!;

/**
 * `--token-lifetimes ACCESS[/REFRESH]`: `2h/180d`, `60s/1h`, `7200/15552000` (bare numbers are seconds,
 * as TikTok's expires_in is). Each at least a second; the refresh token may not die before its access token.
 */
export function parseLifetimes(
  text: string,
  name: string,
): { accessTokenTtlSec: number; refreshTokenTtlSec?: number } {
  const [access, refresh, ...rest] = text.split('/');
  const seconds = (part: string) => {
    const ms = parseDuration(part, name, 's', MAX_LIFETIME_MS);
    if (ms < 1000 || ms % 1000 !== 0)
      throw new Error(`${name} takes whole seconds (at least 1s), like 2h/180d.`);
    return ms / 1000;
  };
  if (rest.length > 0 || access === undefined)
    throw new Error(`${name} must be ACCESS/REFRESH, like 2h/180d.`);
  const accessTokenTtlSec = seconds(access);
  if (refresh === undefined) return { accessTokenTtlSec };
  const refreshTokenTtlSec = seconds(refresh);
  if (refreshTokenTtlSec < accessTokenTtlSec) {
    throw new Error(`${name}: the refresh token cannot expire before the access token (${text}).`);
  }
  return { accessTokenTtlSec, refreshTokenTtlSec };
}
