import { useEffect, useRef, useState } from 'react';
import type { AccountSummary, Agoras } from '../../core/service-types.js';
import { AuthError } from '../../shared/errors.js';
import type { CreatorInfo } from '../../tiktok/types.js';

/** What TikTok said of a saved account when the picker asked (creator_info, as `agoras accounts` does). */
export type AccountCheck =
  | { status: 'checking' }
  | { status: 'ok'; info: CreatorInfo }
  /** TikTok refused the saved login (revoked, expired): only logging in again helps. */
  | { status: 'login-refused'; message: string }
  /** Could not ask (network, TikTok down): the account may well be fine. */
  | { status: 'unknown'; message: string };

/**
 * Checks each saved account live while the picker is shown, so a login TikTok no longer accepts is
 * shown as such and chosen to log in again, not found out a screen later. Accounts already known to
 * need a login are not asked about.
 */
export function useAccountChecks(services: Agoras, accounts: AccountSummary[] | undefined) {
  const [checks, setChecks] = useState<ReadonlyMap<string, AccountCheck>>(new Map());
  // The asks themselves, so the account chosen takes its answer instead of asking TikTok again.
  const asked = useRef(new Map<string, Promise<CreatorInfo>>());
  useEffect(() => {
    if (!accounts) return;
    let live = true;
    const set = (username: string, check: AccountCheck) => {
      if (live) setChecks((before) => new Map(before).set(username, check));
    };
    for (const { username, state } of accounts) {
      if (state !== 'ready') continue;
      set(username, { status: 'checking' });
      const ask = services.creatorInfo(username);
      asked.current.set(username, ask);
      ask.then(
        (info) => set(username, { status: 'ok', info }),
        (error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          set(username, { status: error instanceof AuthError ? 'login-refused' : 'unknown', message });
        },
      );
    }
    return () => {
      live = false;
    };
  }, [services, accounts]);
  return { checks, asked: (username: string) => asked.current.get(username) };
}
