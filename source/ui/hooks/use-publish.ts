import { useEffect, useState } from 'react';
import type { PublishOutcome, Agoras } from '../../core/service-types.js';
import type { PostJob } from '../../shared/post-job.js';
import type { Reporter } from '../../shared/reporter.js';
import { describeFailure, type FailureView } from '../outcome.js';
import type { ProgressSample } from '../transfer.js';

export interface PublishLine {
  kind: 'step' | 'info' | 'warn';
  text: string;
}

export interface PublishView {
  lines: PublishLine[];
  /** First and latest progress report: the bar, speed and ETA come from these. */
  first?: ProgressSample;
  last?: ProgressSample;
  result?: { kind: 'posted'; outcome: PublishOutcome } | { kind: 'failed'; failure: FailureView };
}

/** A reporter that turns core's calls into view updates, stamping progress with the given clock. */
export function viewReporter(
  update: (change: (view: PublishView) => PublishView) => void,
  now: () => number,
): Reporter {
  const line = (kind: PublishLine['kind']) => (text: string) =>
    update((view) => ({ ...view, lines: [...view.lines, { kind, text }] }));
  return {
    step: line('step'),
    info: line('info'),
    warn: line('warn'),
    progress(sent, total) {
      const sample = { sent, total, at: now() };
      update((view) => ({ ...view, first: view.first ?? sample, last: sample }));
    },
  };
}

/** A FAILED status that core returned instead of throwing is still a failure for the user. */
function failedStatus(outcome: PublishOutcome): FailureView | undefined {
  if (outcome.status.status !== 'FAILED') return undefined;
  const reason = outcome.status.fail_reason;
  return {
    message: `TikTok could not publish the post${reason ? ` (${reason})` : ''}.`,
    next: 'Check the media and the post against TikTok’s rules, then try again.',
    exitCode: 4,
  };
}

/**
 * Runs services.publish once when the publishing screen mounts; unmounting (Ctrl+C) aborts it.
 */
export function usePublish(services: Agoras, username: string, job: PostJob, now: () => number) {
  const [view, setView] = useState<PublishView>({ lines: [] });
  // The caller keeps job and now stable for the screen's life, so this runs (and posts) once.
  useEffect(() => {
    const controller = new AbortController();
    let live = true;
    const update = (change: (view: PublishView) => PublishView) => live && setView(change);
    services.publish(username, job, viewReporter(update, now), controller.signal).then(
      (outcome) => {
        const failure = failedStatus(outcome);
        update((v) => ({
          ...v,
          result: failure ? { kind: 'failed', failure } : { kind: 'posted', outcome },
        }));
      },
      (error: unknown) =>
        update((v) => ({ ...v, result: { kind: 'failed', failure: describeFailure(error) } })),
    );
    return () => {
      live = false;
      controller.abort();
    };
  }, [services, username, job, now]);
  return view;
}
