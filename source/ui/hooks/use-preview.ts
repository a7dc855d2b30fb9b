import { useState } from 'react';
import { describeFailure } from '../outcome.js';
import { useAbortControllers } from './use-abort.js';

export type PreviewState = { status: 'idle' } | { status: 'busy' } | { status: 'failed'; message: string };

/**
 * One service call started on Enter (a dry run of the feed or schedule): busy while it runs, its
 * error in plain words when it fails. Leaving the screen aborts it and drops its answer.
 */
export function usePreview() {
  const [state, setState] = useState<PreviewState>({ status: 'idle' });
  const newController = useAbortControllers();

  function start<T>(run: (signal: AbortSignal) => Promise<T>, done: (value: T) => void) {
    const { signal } = newController();
    setState({ status: 'busy' });
    run(signal).then(
      (value) => {
        if (signal.aborted) return;
        setState({ status: 'idle' });
        done(value);
      },
      (error: unknown) => {
        if (!signal.aborted) setState({ status: 'failed', message: describeFailure(error).message });
      },
    );
  }

  return { state, start, reset: () => setState({ status: 'idle' }) };
}
