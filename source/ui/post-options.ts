import { parseCoverTime } from './cover-time.js';
import type { Draft } from './draft.js';
import { isHttpUrl } from './media-shape.js';

export { parseCoverTime } from './cover-time.js';

/** The options beyond the seed's flags that headless has too, as the Details screen lists them. */
export type OptionId = 'inbox' | 'aigc' | 'pull' | 'cover';

/** The options that apply to this draft: all for a video (pull only for a URL), inbox for the rest. */
export function optionsFor(draft: Draft): OptionId[] {
  if (draft.source === 'feed' || draft.kind === 'photo') return ['inbox'];
  return ['inbox', 'aigc', ...(isHttpUrl(draft.video.trim()) ? (['pull'] as const) : []), 'cover'];
}

/** What is wrong with the cover field, if anything, given the video's length when known. */
export function coverProblem(text: string, durationSec?: number): string | undefined {
  const ms = parseCoverTime(text);
  if (ms === undefined) return undefined;
  if (Number.isNaN(ms)) return 'Give the frame in milliseconds (1500) or as m:ss (0:01.5).';
  if (durationSec !== undefined && ms > durationSec * 1000)
    return `The video is only ${Math.round(durationSec * 10) / 10} s long.`;
  return undefined;
}

/** A one-line account of the options, for the collapsed row ("direct post · cover at 0:01.500"). */
export function optionsSummary(draft: Draft, ids: readonly OptionId[]): string {
  const parts = [draft.mode === 'inbox' ? 'inbox draft' : 'direct post'];
  if (ids.includes('aigc') && draft.aigc) parts.push('AI-generated');
  if (ids.includes('pull') && draft.pull) parts.push('TikTok pulls the URL');
  if (ids.includes('cover') && draft.cover.trim() !== '') parts.push(`cover ${draft.cover.trim()}`);
  return parts.join(' · ');
}
