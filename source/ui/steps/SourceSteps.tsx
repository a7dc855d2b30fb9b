import { type Dispatch, type ReactNode, useCallback, useState } from 'react';
import type { Agoras } from '../../core/service-types.js';
import { CreatorGate } from '../components/CreatorGate.js';
import { feedTemplate } from '../draft.js';
import type { CreatorState } from '../hooks/use-creator-info.js';
import type { SourceRun } from '../hooks/use-source-run.js';
import type { WizardAction, WizardState } from '../hooks/use-wizard.js';
import { FeedReviewStep } from './FeedReviewStep.js';
import { FeedStep } from './FeedStep.js';
import { ScheduleReviewStep } from './ScheduleReviewStep.js';
import { SheetStep } from './SheetStep.js';
import { SourceRunStep } from './SourceRunStep.js';

export interface SourceStepsProps {
  state: WizardState;
  dispatch: Dispatch<WizardAction>;
  services: Agoras;
  creator: CreatorState;
  onRetryCreator(): void;
  now: () => number;
  onExit(code: number): void;
}

/**
 * The screens that differ for a feed or the schedule: the source, its review and the run. Details
 * and Commercial (for a feed) are the single post's screens, rendered by the app.
 */
export function SourceSteps(props: SourceStepsProps): ReactNode {
  const { state, dispatch, services } = props;
  const creator = props.creator.status === 'ready' ? props.creator.info : undefined;
  const { step, draft } = state;
  const account = draft.account;
  // Frozen on consent: what was reviewed is exactly what is run, once.
  const [run, setRun] = useState<SourceRun | undefined>();
  const back = useCallback(() => dispatch({ type: 'back' }), [dispatch]);
  if (!account || !draft.source) return null;
  const { username } = account;

  if (step === 'feed') {
    return (
      <FeedStep
        services={services}
        username={username}
        feed={draft.feed}
        onChange={(feed) => dispatch({ type: 'patch', patch: { feed } })}
        onPreviewed={(preview, request) =>
          dispatch({ type: 'feedPreviewed', preview: { ...preview, request } })
        }
        onBack={back}
      />
    );
  }
  if (step === 'sheet') {
    return (
      <SheetStep
        services={services}
        username={username}
        sheet={draft.sheet}
        onChange={(sheet) => dispatch({ type: 'patch', patch: { sheet } })}
        onPreviewed={(preview) => dispatch({ type: 'schedulePreviewed', preview })}
        onBack={back}
      />
    );
  }
  if (step === 'review' && creator && draft.source === 'feed' && state.feedPreview) {
    const preview = state.feedPreview;
    const template = feedTemplate(draft);
    const keys = preview.items.map((item) => item.key);
    // Only titles the user changed are sent; the others stay the feed's.
    const titles = Object.fromEntries(
      preview.items
        .filter(
          (item) => draft.feedTitles[item.key] !== undefined && draft.feedTitles[item.key] !== item.title,
        )
        .map((item) => [item.key, draft.feedTitles[item.key]!]),
    );
    const request = { ...preview.request, template, plan: preview.plan, keys, titles };
    return (
      <FeedReviewStep
        preview={preview}
        template={template}
        account={account}
        creator={creator}
        titles={draft.feedTitles}
        onTitle={(key, title) =>
          dispatch({ type: 'patch', patch: { feedTitles: { ...draft.feedTitles, [key]: title } } })
        }
        onBack={back}
        onPost={() => {
          setRun((): SourceRun => (reporter, signal) => services.runFeed(request, reporter, signal));
          dispatch({ type: 'next' });
        }}
      />
    );
  }
  if (step === 'review' && creator && draft.source === 'schedule' && state.schedulePreview) {
    const keys = state.schedulePreview.due.map((row) => row.key);
    const sheet = draft.sheet;
    return (
      <ScheduleReviewStep
        preview={state.schedulePreview}
        account={account}
        creator={creator}
        onBack={back}
        onRun={() => {
          setRun(
            (): SourceRun => (reporter, signal) =>
              services.runSchedule({ username, sheet, keys }, reporter, signal),
          );
          dispatch({ type: 'next' });
        }}
      />
    );
  }
  // The review needs the creator's settings (TikTok's rule: say so and stop if they can't post).
  if (step === 'review' && !creator) {
    return <CreatorGate state={props.creator} onBack={back} onRetry={props.onRetryCreator} />;
  }
  if (step === 'publish' && run) {
    return (
      <SourceRunStep
        run={run}
        nickname={creator?.creator_nickname ?? account.nickname ?? username}
        now={props.now}
        onExit={props.onExit}
      />
    );
  }
  return null;
}
