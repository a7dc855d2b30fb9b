import type { Agoras } from '../core/service-types.js';

type Method = (...args: unknown[]) => unknown;

/**
 * The service whose real implementation (conf, undici, maybe the sandbox) is built on first use, so
 * the wizard's first frame is on screen before any of that loads. Like gh's Factory: every method
 * forwards to the loaded service (every method is async, so none has to be answered before it loads).
 */
export function lazyAgoras(load: () => Promise<Agoras>): Agoras {
  let _loaded: Agoras | undefined;
  let loading: Promise<Agoras> | undefined;
  const get = () => {
    loading ??= load().then((service) => {
      _loaded = service;
      return service;
    });
    return loading;
  };
  return new Proxy({} as Agoras, {
    get(_target, name) {
      // Not a promise, not a symbol-keyed protocol: only the service's own methods forward.
      if (name === 'then' || typeof name === 'symbol') return undefined;
      return async (...args: unknown[]) => {
        const service = await get();
        return (service[name as keyof Agoras] as Method)(...args);
      };
    },
  });
}
