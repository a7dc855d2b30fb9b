import type { Agoras } from '../core/service-types.js';

type Method = (...args: unknown[]) => unknown;

/**
 * The service whose real implementation (conf, undici, maybe the sandbox) is built on first use, so
 * the wizard's first frame is on screen before any of that loads. Like gh's Factory: every method
 * forwards to the loaded service; the few synchronous ones answer from it once it is there.
 */
export function lazyAgoras(load: () => Promise<Agoras>): Agoras {
  let loaded: Agoras | undefined;
  let loading: Promise<Agoras> | undefined;
  const get = () => {
    loading ??= load().then((service) => {
      loaded = service;
      return service;
    });
    return loading;
  };
  // Asked when the user picks the schedule: long after the first call has loaded everything.
  const sync = new Set<PropertyKey>(['sheetDefaults']);
  return new Proxy({} as Agoras, {
    get(_target, name) {
      // Not a promise, not a symbol-keyed protocol: only the service's own methods forward.
      if (name === 'then' || typeof name === 'symbol') return undefined;
      if (sync.has(name))
        return (...args: unknown[]) => (loaded?.[name as keyof Agoras] as Method | undefined)?.(...args);
      return async (...args: unknown[]) => {
        const service = await get();
        return (service[name as keyof Agoras] as Method)(...args);
      };
    },
  });
}
