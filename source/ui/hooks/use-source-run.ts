import { useEffect, useState } from 'react';
import type { SourceRunResult } from '../../core/service-types.js';
import type { Reporter } from '../../shared/reporter.js';
import { describeFailure } from '../outcome.js';
import { type PublishView, viewReporter } from './use-publish.js';

export type SourceRun = (reporter: Reporter, signal: AbortSignal) => Promise<SourceRunResult>;

export interface SourceRunView extends Omit<PublishView, 'result'> {
  result?:
    | { kind: 'done'; run: SourceRunResult }
    | { kind: 'failed'; failure: ReturnType<typeof describeFailure> };
}

/**
 * Runs a feed or the schedule once when the screen mounts; unmounting (Ctrl+C) aborts it. The
 * progress bar restarts with each step, so every entry gets its own.
 */
export function useSourceRun(run: SourceRun, now: () => number): SourceRunView {
  const [view, setView] = useState<SourceRunView>({ lines: [] });
  // The caller keeps run and now stable for the screen's life, so this runs (and posts) once.
  useEffect(() => {
    const controller = new AbortController();
    let live = true;
    const update = (change: (v: SourceRunView) => SourceRunView) => live && setView(change);
    const base = viewReporter(update as (change: (v: PublishView) => PublishView) => void, now);
    const reporter: Reporter = {
      ...base,
      step(message) {
        update(({ first: _f, last: _l, ...v }) => v);
        base.step(message);
      },
    };
    run(reporter, controller.signal).then(
      (result) => update((v) => ({ ...v, result: { kind: 'done', run: result } })),
      (error: unknown) =>
        update((v) => ({ ...v, result: { kind: 'failed', failure: describeFailure(error) } })),
    );
    return () => {
      live = false;
      controller.abort();
    };
  }, [run, now]);
  return view;
}
