import { useCallback, useEffect, useRef } from 'react';

/**
 * Hands out AbortControllers that are all aborted when the component unmounts, so leaving a
 * step (Esc) or quitting (Ctrl+C unmounts the whole app) cancels whatever it started.
 */
export function useAbortControllers(): () => AbortController {
  const live = useRef(new Set<AbortController>());
  useEffect(() => {
    const controllers = live.current;
    return () => {
      for (const controller of controllers) controller.abort();
      controllers.clear();
    };
  }, []);
  return useCallback(() => {
    const controller = new AbortController();
    live.current.add(controller);
    controller.signal.addEventListener('abort', () => live.current.delete(controller), { once: true });
    return controller;
  }, []);
}

/** True while the component is mounted: results that arrive later are dropped. */
export function useMounted(): { readonly current: boolean } {
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  return mounted;
}
