import { type Key, useInput } from 'ink';
import {
  createContext,
  createElement,
  type ReactNode,
  useCallback,
  useContext,
  useLayoutEffect,
  useMemo,
  useRef,
} from 'react';

type KeyHandler = (input: string, key: Key) => void;
type Entry = { current: { handler: KeyHandler; isActive: boolean } };

interface KeyRouter {
  /** Registers a handler; it receives no Enter that arrived before this moment. */
  add(entry: Entry): () => void;
}

const KeyRouterContext = createContext<KeyRouter | undefined>(undefined);

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/**
 * ink passes text and a following Enter in one chunk ("ck_123\r", a pasted line) as one input:
 * split it so the Enter is an Enter, as it would be if typed more slowly. A paste of several lines
 * (a PEM key, a caption) is text, never a series of Enters: its line breaks become spaces.
 */
export function splitLines(input: string, key: Key): [string, Key][] {
  if (input.length < 2 || !/[\r\n]/.test(input) || key.ctrl || key.meta) return [[input, key]];
  const breaks = input.match(/\r\n?|\n/g) ?? [];
  if (input.replace(/[\r\n]/g, '') === '') return breaks.map(() => ['', { ...NO_KEY, return: true }]);
  const single = /^[^\r\n]+(\r\n?|\n)$/.exec(input);
  if (single)
    return [
      [input.slice(0, -single[1]!.length), { ...NO_KEY }],
      ['', { ...NO_KEY, return: true }],
    ];
  return [[input.replace(/\r\n?|\n/g, ' ').trimEnd(), { ...NO_KEY }]];
}

/**
 * Delivers each key to every handler below it, one key at a time. ink hands over all keys of one
 * stdin chunk (Down+Enter, keys typed while busy) in a single synchronous loop, before React has
 * rendered the first: Enter would act on the focus from before Down. Here the next key waits
 * until the render of the previous one has committed (handlers are refreshed in layout effects).
 */
export function KeyRouterProvider({ children }: { children: ReactNode }) {
  // Each key is numbered when it arrives; each handler remembers the number current when it was
  // added. A screen that appears never receives an Enter typed before it: a second Enter or a
  // pasted line cannot press "Post to TikTok" on a review nobody has seen. Typed-ahead text still
  // reaches the field that appears (a name typed while the form opens is not lost).
  const entries = useRef(new Map<Entry, number>());
  const arrived = useRef(0);
  const router = useMemo<KeyRouter>(
    () => ({
      add(entry) {
        entries.current.set(entry, arrived.current);
        return () => entries.current.delete(entry);
      },
    }),
    [],
  );
  const queue = useRef<[number, string, Key][]>([]);
  const draining = useRef(false);
  const drain = useCallback(() => {
    const next = queue.current.shift();
    if (!next) {
      draining.current = false;
      return;
    }
    const [seq, input, key] = next;
    for (const [entry, since] of [...entries.current]) {
      if ((seq > since || !key.return) && entry.current.isActive) entry.current.handler(input, key);
    }
    // React queues the render for this key as an immediate task from a microtask, i.e. after any
    // setImmediate made here: hop twice so the next key runs after that render has committed.
    setImmediate(() => setImmediate(drain));
  }, []);
  useInput((input, key) => {
    for (const [text, k] of splitLines(input, key)) queue.current.push([++arrived.current, text, k]);
    if (draining.current) return;
    draining.current = true;
    setImmediate(drain);
  });
  return createElement(KeyRouterContext.Provider, { value: router }, children);
}

/**
 * Like ink's useInput, but the handler and isActive are read when the key is handled, after the
 * render caused by the previous key (see KeyRouterProvider). Without a provider (a component
 * rendered alone in a test) it falls back to useInput.
 */
export function useKeys(handler: KeyHandler, options: { isActive?: boolean } = {}): void {
  const isActive = options.isActive !== false;
  const router = useContext(KeyRouterContext);
  const latest = useRef({ handler, isActive });
  useLayoutEffect(() => {
    latest.current = { handler, isActive };
  });
  useLayoutEffect(() => router?.add(latest), [router]);
  const direct = useCallback<KeyHandler>((input, key) => latest.current.handler(input, key), []);
  useInput(direct, { isActive: isActive && router === undefined });
}
