import { useEffect, useState } from 'react';
import type { CapUsage } from '../../core/caps.js';
import type { Agoras } from '../../core/service-types.js';

/**
 * The account's posts and pending drafts of the last 24 h, read when the Review opens (undefined
 * until then, or when the store cannot say: the count is advice, the post goes on without it).
 */
export function useCapUsage(services: Agoras, username: string | undefined): CapUsage | undefined {
  const [usage, setUsage] = useState<CapUsage | undefined>();
  useEffect(() => {
    if (!username) return;
    let live = true;
    services.capUsage(username).then(
      (value) => live && setUsage(value),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [services, username]);
  return username ? usage : undefined;
}
