import { useReducer } from 'react';
import { LIMITS } from '../../core/rules.js';
import type {
  AccountSummary,
  FeedPreview,
  FeedRequest,
  MediaCheck,
  SchedulePreview,
  SheetInput,
} from '../../core/service-types.js';
import { type CheckState, type Draft, emptyDraft, type PostKind, type SourceKind } from '../draft.js';

/** A feed's dry run with the request it answered: the run repeats that request. */
export type ReviewedFeed = FeedPreview & { request: FeedRequest };

/** The screens of one post, in order. */
export const STEPS = ['account', 'action', 'media', 'details', 'commercial', 'review', 'publish'] as const;

/** The screens of each flow: one post, a feed, the schedule. */
export const FLOWS = {
  post: STEPS,
  feed: ['account', 'action', 'feed', 'details', 'commercial', 'review', 'publish'],
  schedule: ['account', 'action', 'sheet', 'review', 'publish'],
} as const;
export type StepId = (typeof STEPS)[number] | 'feed' | 'sheet';

/** The screens of the draft's flow. */
export function stepsOf(draft: Draft): readonly StepId[] {
  return FLOWS[draft.source ?? 'post'];
}

/** Human titles for the header. */
export const STEP_TITLES: Record<StepId, string> = {
  account: 'Account',
  action: 'What to post',
  media: 'Media',
  details: 'Details',
  commercial: 'Commercial content',
  review: 'Review',
  publish: 'Publishing',
  feed: 'Feed',
  sheet: 'Schedule sheet',
};

export interface WizardState {
  step: StepId;
  draft: Draft;
  /** Inline media checks by checkKey(kind, input): editing a field naturally invalidates its result. */
  checks: Record<string, CheckState>;
  /** What the last dry run of the feed or schedule found: the review lists it, the run posts only it. */
  feedPreview?: ReviewedFeed;
  schedulePreview?: SchedulePreview;
}

/** The fields a step may change directly. */
export type DraftPatch = Partial<Omit<Draft, 'account' | 'kind' | 'images'>>;

export type WizardAction =
  | { type: 'next' }
  | { type: 'back' }
  | { type: 'chooseAccount'; account: AccountSummary }
  | { type: 'chooseKind'; kind: PostKind }
  | { type: 'chooseSource'; source: SourceKind; sheet?: SheetInput | undefined }
  | { type: 'feedPreviewed'; preview: ReviewedFeed }
  | { type: 'schedulePreviewed'; preview: SchedulePreview }
  | { type: 'patch'; patch: DraftPatch }
  | { type: 'setImage'; index: number; value: string }
  | { type: 'addImage' }
  | { type: 'removeImage'; index: number }
  | { type: 'checkStarted'; key: string }
  | { type: 'checkFinished'; key: string; result: MediaCheck }
  | { type: 'checkDropped'; key: string };

function move(state: WizardState, by: 1 | -1): StepId {
  const steps = stepsOf(state.draft);
  const index = steps.indexOf(state.step) + by;
  return steps[Math.min(Math.max(index, 0), steps.length - 1)]!;
}

/** The wizard's reducer: pure, so the whole flow of state can be tested without rendering. */
export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  switch (action.type) {
    case 'next':
      return { ...state, step: move(state, 1) };
    case 'back':
      return { ...state, step: move(state, -1) };
    case 'chooseAccount': {
      // Another account may not offer the privacy chosen before: it must be chosen again, never kept unseen.
      const same = state.draft.account?.username === action.account.username;
      const privacy = same ? state.draft.privacy : undefined;
      return { ...state, step: 'action', draft: { ...state.draft, account: action.account, privacy } };
    }
    case 'chooseKind':
      return { ...state, step: 'media', draft: { ...state.draft, kind: action.kind, source: undefined } };
    case 'chooseSource': {
      const { sheet } = state.draft;
      // A prefill (the sandbox's demo sheet) never replaces what the user typed.
      const blank = Object.values(sheet).every((v) => v === '');
      const draft = {
        ...state.draft,
        source: action.source,
        ...(blank && action.sheet ? { sheet: action.sheet } : {}),
      };
      return { ...state, step: action.source === 'feed' ? 'feed' : 'sheet', draft };
    }
    case 'feedPreviewed':
      return { ...state, step: 'details', feedPreview: action.preview };
    case 'schedulePreviewed':
      return { ...state, step: 'review', schedulePreview: action.preview };
    case 'patch':
      return { ...state, draft: { ...state.draft, ...action.patch } };
    case 'setImage': {
      const images = state.draft.images.map((url, i) => (i === action.index ? action.value : url));
      return { ...state, draft: { ...state.draft, images } };
    }
    case 'addImage':
      if (state.draft.images.length >= LIMITS.maxImages) return state;
      return { ...state, draft: { ...state.draft, images: [...state.draft.images, ''] } };
    case 'removeImage': {
      const images = state.draft.images;
      // At least one field stays, and only an empty one goes: typed URLs are never thrown away.
      if (images.length <= 1 || images[action.index]?.trim() !== '') return state;
      return { ...state, draft: { ...state.draft, images: images.filter((_, i) => i !== action.index) } };
    }
    case 'checkStarted':
      return { ...state, checks: { ...state.checks, [action.key]: { status: 'checking' } } };
    case 'checkFinished':
      return {
        ...state,
        checks: { ...state.checks, [action.key]: { status: 'done', result: action.result } },
      };
    case 'checkDropped': {
      const { [action.key]: _dropped, ...checks } = state.checks;
      return { ...state, checks };
    }
  }
}

/** The initial state: first step, empty draft. */
export function initialWizardState(draft: Partial<Draft> = {}): WizardState {
  return { step: 'account', draft: { ...emptyDraft(), ...draft }, checks: {} };
}

/** Holds the whole draft and the current step for the wizard. */
export function useWizard(initial?: Partial<Draft>) {
  return useReducer(wizardReducer, initial, initialWizardState);
}
