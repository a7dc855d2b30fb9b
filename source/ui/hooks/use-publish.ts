import { useEffect, useRef, useState } from 'react';
import type { Agoras, PublishOutcome } from '../../core/service-types.js';
import type { UnauditedChoice, UnauditedWhy } from '../../core/unaudited.js';
import type { PostJob } from '../../shared/post-job.js';
import type { Reporter } from '../../shared/reporter.js';
import type { CreatorInfo } from '../../tiktok/types.js';
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
  /** An unaudited app, met while publishing: the person's choice is awaited. */
  question?: { why: UnauditedWhy; answer(choice: UnauditedChoice): void };
}

const isStatus = (text: string) => text.startsWith('Status: ');

/** A reporter that turns core's calls into view updates, stamping progress with the given clock. */
export function viewReporter(
  update: (change: (view: PublishView) => PublishView) => void,
  now: () => number,
): Reporter {
  const line = (kind: PublishLine['kind']) => (text: string) => {
    update((view) => {
      // Status after status is one line that changes (PROCESSING_… then PUBLISH_COMPLETE): the few
      // rows the log has go to what was checked (each image of a slideshow), not to a status history.
      const previous = view.lines.at(-1);
      const restated =
        kind === 'info' && previous?.kind === 'info' && isStatus(previous.text) && isStatus(text);
      return { ...view, lines: [...(restated ? view.lines.slice(0, -1) : view.lines), { kind, text }] };
    });
  };
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

/**
 * Runs services.publish once when the publishing screen mounts; unmounting (Ctrl+C) aborts it.
 */
export function usePublish(
  services: Agoras,
  username: string,
  job: PostJob,
  now: () => number,
  creator?: CreatorInfo,
) {
  const [view, setView] = useState<PublishView>({ lines: [] });
  // Read once, when publishing starts: a later change of creator info must never post again.
  const creatorAtStart = useRef(creator);
  // The caller keeps job and now stable for the screen's life, so this runs (and posts) once.
  useEffect(() => {
    const controller = new AbortController();
    let live = true;
    const update = (change: (view: PublishView) => PublishView) => live && setView(change);
    let pending: ((choice: UnauditedChoice) => void) | undefined;
    // Asked on the screen, answered by the person; leaving the screen answers "do not post".
    const ifUnaudited = (why: UnauditedWhy) =>
      new Promise<UnauditedChoice>((resolve) => {
        pending = resolve;
        const answer = (choice: UnauditedChoice) => {
          pending = undefined;
          update((v) => ({ ...v, question: undefined }));
          resolve(choice);
        };
        update((v) => ({ ...v, question: { why, answer } }));
      });
    // A FAILED status is thrown by core as a refusal; a posted outcome always has its final status.
    services
      .publish(username, job, viewReporter(update, now), controller.signal, {
        creator: creatorAtStart.current,
        ifUnaudited,
      })
      .then(
        (outcome) => update((v) => ({ ...v, result: { kind: 'posted', outcome } })),
        (error: unknown) =>
          update((v) => ({ ...v, result: { kind: 'failed', failure: describeFailure(error) } })),
      );
    return () => {
      live = false;
      pending?.('fail');
      controller.abort();
    };
  }, [services, username, job, now]);
  return view;
}
