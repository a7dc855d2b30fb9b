// What must not outlive an interrupted run (a spooled download, a lock file): each piece that makes
// one registers a synchronous clean-up here, and the signal handler and process exit run them.

const cleanups = new Set<() => void>();

/** Registers a synchronous clean-up; returns the function that unregisters it (call it when done). */
export function onInterrupt(cleanup: () => void): () => void {
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
  };
}

/** Runs every registered clean-up once, newest first; one that throws does not stop the others. */
export function runCleanups(): void {
  const pending = [...cleanups].reverse();
  cleanups.clear();
  for (const cleanup of pending) {
    try {
      cleanup();
    } catch {}
  }
}
