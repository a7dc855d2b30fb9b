import { type Key, useStdin } from 'ink';
import {
  createContext,
  createElement,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
} from 'react';
import { createKeyReader, isEditingKey, type KeyPress } from '../input/parse-keys.js';

export type KeyHandler = (input: string, key: Key, press: KeyPress) => void;
type Entry = { current: { handler: KeyHandler; isActive: boolean } };

interface KeyRouter {
  /** Registers a handler; it receives no Enter that arrived before this moment. */
  add(entry: Entry): () => void;
  /** Keys wait, in order, until the returned release is called (see useHoldKeys). */
  hold(): () => void;
}

const KeyRouterContext = createContext<KeyRouter | undefined>(undefined);

/** Subscribes to what the terminal sends, read as key presses (see parse-keys.ts), in raw mode. */
function useKeyStream(onKeys: (keys: KeyPress[]) => void, isActive: boolean): void {
  const { internal_eventEmitter: events, setRawMode } = useStdin();
  const latest = useRef(onKeys);
  useLayoutEffect(() => {
    latest.current = onKeys;
  });
  useEffect(() => {
    if (!isActive) return;
    setRawMode(true);
    const read = createKeyReader();
    const listener = (data: string) => {
      const keys = read(data);
      if (keys.length > 0) latest.current(keys);
    };
    events.on('input', listener);
    return () => {
      events.off('input', listener);
      setRawMode(false);
    };
  }, [events, setRawMode, isActive]);
}

/**
 * Delivers each key to every handler below it, in the order typed. ink hands over a read's keys
 * (Down+Enter, keys typed while busy) before React has rendered the first: Enter would act on the
 * focus from before Down. So a key that moves focus or acts (Enter, Esc, ↑/↓, Tab, Ctrl+N) waits
 * until the render of the keys before it has committed (handlers are refreshed in layout effects).
 * Keys that only edit text (typing, a paste, Backspace, ←/→, Ctrl+W…) need no render between
 * them: a held Backspace or 3000 pasted characters are applied at once, then drawn once.
 */
export function KeyRouterProvider({ children }: { children: ReactNode }) {
  // Each key is numbered when it arrives; each handler remembers the number current when it was
  // added. A screen that appears never receives an Enter typed before it: a second Enter or a
  // pasted line cannot press "Post to TikTok" on a review nobody has seen. Typed-ahead text still
  // reaches the field that appears (a name typed while the form opens is not lost).
  const entries = useRef(new Map<Entry, number>());
  const arrived = useRef(0);
  const holds = useRef(0);
  const queue = useRef<[number, KeyPress][]>([]);
  const draining = useRef(false);
  const start = useRef(() => {});
  const router = useMemo<KeyRouter>(
    () => ({
      add(entry) {
        entries.current.set(entry, arrived.current);
        return () => entries.current.delete(entry);
      },
      hold() {
        holds.current += 1;
        let released = false;
        return () => {
          if (released) return;
          released = true;
          holds.current -= 1;
          start.current();
        };
      },
    }),
    [],
  );
  const deliver = useCallback((seq: number, press: KeyPress) => {
    for (const [entry, since] of [...entries.current]) {
      if ((seq > since || !press.key.return) && entry.current.isActive)
        entry.current.handler(press.input, press.key, press);
    }
  }, []);
  const drain = useCallback(() => {
    // Held (a form between two of its fields): the keys stay queued, in order, for what comes next.
    const first = holds.current > 0 ? undefined : queue.current.shift();
    if (!first) {
      draining.current = false;
      return;
    }
    deliver(...first);
    // A run of editing keys goes through before the next render: handlers of text fields keep
    // their value in a ref, so each key builds on the one before.
    if (isEditingKey(first[1])) {
      while (queue.current[0] && isEditingKey(queue.current[0][1])) deliver(...queue.current.shift()!);
    }
    // React queues the render for these keys as an immediate task from a microtask, i.e. after
    // any setImmediate made here: hop twice so the next key runs after that render has committed.
    setImmediate(() => setImmediate(drain));
  }, [deliver]);
  start.current = () => {
    if (draining.current || queue.current.length === 0) return;
    draining.current = true;
    setImmediate(drain);
  };
  useKeyStream((keys) => {
    for (const press of keys) queue.current.push([++arrived.current, press]);
    start.current();
  }, true);
  return createElement(KeyRouterContext.Provider, { value: router }, children);
}

/**
 * Like ink's useInput, but reading the terminal as a stream of keys (a burst is many keys, never
 * one), and with the handler and isActive read when the key is handled, after the render caused
 * by the previous key (see KeyRouterProvider). Without a provider (a component rendered alone in a
 * test) keys go straight to the handler.
 */
export function useKeys(handler: KeyHandler, options: { isActive?: boolean } = {}): void {
  const isActive = options.isActive !== false;
  const router = useContext(KeyRouterContext);
  const latest = useRef({ handler, isActive });
  useLayoutEffect(() => {
    latest.current = { handler, isActive };
  });
  useLayoutEffect(() => router?.add(latest), [router]);
  useKeyStream(
    (keys) => {
      for (const press of keys) latest.current.handler(press.input, press.key, press);
    },
    isActive && router === undefined,
  );
}

/**
 * While `busy`, keys wait instead of reaching no one: a form that looks something up between two
 * fields (the account name, then the client key) gets what was typed meanwhile in the field that
 * follows, in order, Enters included. Without a provider it does nothing.
 */
export function useHoldKeys(busy: boolean): void {
  const router = useContext(KeyRouterContext);
  useLayoutEffect(() => (busy ? router?.hold() : undefined), [busy, router]);
}
