import { useCallback, useRef, useState } from 'react';
import type { Agoras } from '../../core/service-types.js';
import type { CreatorInfo } from '../../tiktok/types.js';

export type CreatorState =
  | { status: 'idle' }
  | { status: 'loading'; username: string }
  | { status: 'ready'; username: string; info: CreatorInfo }
  | { status: 'failed'; username: string; error: unknown };

export interface CreatorInfoHandle {
  state: CreatorState;
  /**
   * Starts fetching creator_info for an account (or takes the answer already asked for, as the
   * account picker's check); a later call supersedes an earlier one.
   */
  load(username: string, asked?: Promise<CreatorInfo>): Promise<CreatorInfo>;
  /** The creator info of the current account, waiting for the fetch under way. */
  whenReady(): Promise<CreatorInfo>;
}

/**
 * creator_info is fetched as soon as the account is chosen (TikTok requires it when the post
 * screen opens; starting early means the details screen rarely waits) and shared by the steps.
 */
export function useCreatorInfo(services: Agoras): CreatorInfoHandle {
  const [state, setState] = useState<CreatorState>({ status: 'idle' });
  const pending = useRef<Promise<CreatorInfo> | undefined>(undefined);
  const last = useRef<{ username: string; failed: boolean } | undefined>(undefined);

  const load = useCallback(
    (username: string, asked?: Promise<CreatorInfo>) => {
      setState({ status: 'loading', username });
      const promise = asked ?? services.creatorInfo(username);
      pending.current = promise;
      last.current = { username, failed: false };
      promise.then(
        (info) => {
          if (pending.current === promise) setState({ status: 'ready', username, info });
        },
        (error: unknown) => {
          if (pending.current !== promise) return;
          last.current = { username, failed: true };
          setState({ status: 'failed', username, error });
        },
      );
      return promise;
    },
    [services],
  );

  // A step that needs the settings after a failed read (a network blip) asks again, not the old error.
  const whenReady = useCallback(() => {
    if (last.current?.failed) return load(last.current.username);
    return pending.current ?? Promise.reject(new Error('No account chosen yet.'));
  }, [load]);

  return { state, load, whenReady };
}
