import { useReducer } from 'react';
import { LIMITS } from '../../core/rules.js';
import { type CheckState, type Draft, emptyDraft, type PostKind } from '../draft.js';
import type { AccountSummary, MediaCheck } from '../services.js';

/** The screens, in order. */
export const STEPS = ['account', 'action', 'media', 'details', 'commercial', 'review', 'publish'] as const;
export type StepId = (typeof STEPS)[number];

/** Human titles for the header. */
export const STEP_TITLES: Record<StepId, string> = {
  account: 'Account',
  action: 'What to post',
  media: 'Media',
  details: 'Details',
  commercial: 'Commercial content',
  review: 'Review',
  publish: 'Publishing',
};

export interface WizardState {
  step: StepId;
  draft: Draft;
  /** Inline media checks by checkKey(kind, input): editing a field naturally invalidates its result. */
  checks: Record<string, CheckState>;
}

/** The fields a step may change directly. */
export type DraftPatch = Partial<Omit<Draft, 'account' | 'kind' | 'images'>>;

export type WizardAction =
  | { type: 'next' }
  | { type: 'back' }
  | { type: 'chooseAccount'; account: AccountSummary }
  | { type: 'chooseKind'; kind: PostKind }
  | { type: 'patch'; patch: DraftPatch }
  | { type: 'setImage'; index: number; value: string }
  | { type: 'addImage' }
  | { type: 'removeImage'; index: number }
  | { type: 'checkStarted'; key: string }
  | { type: 'checkFinished'; key: string; result: MediaCheck }
  | { type: 'checkDropped'; key: string };

function move(step: StepId, by: 1 | -1): StepId {
  const index = STEPS.indexOf(step) + by;
  return STEPS[Math.min(Math.max(index, 0), STEPS.length - 1)]!;
}

/** The wizard's reducer: pure, so the whole flow of state can be tested without rendering. */
export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  switch (action.type) {
    case 'next':
      return { ...state, step: move(state.step, 1) };
    case 'back':
      return { ...state, step: move(state.step, -1) };
    case 'chooseAccount':
      return { ...state, step: 'action', draft: { ...state.draft, account: action.account } };
    case 'chooseKind':
      return { ...state, step: 'media', draft: { ...state.draft, kind: action.kind } };
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
