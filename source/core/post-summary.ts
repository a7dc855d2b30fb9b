import { formatBytes, formatDuration } from '../shared/format.js';
import type { PostJob } from '../shared/post-job.js';
import { terminalSafe } from '../shared/sanitize.js';
import type { CreatorInfo } from '../tiktok/types.js';
import { labelSentence, PRIVACY_LABELS } from './rules.js';
import type { MediaCheck } from './service-types.js';

/** One "label  value" line of what will be posted; the value may be long and hold line breaks. */
export interface SummaryRow {
  label: string;
  value: string;
}

/**
 * What the media check found, in one line: the preflight's facts when it has them ("H.264 ·
 * 1080×1920 · 30 fps · 0:15 · 3.7 MB · video/mp4"), else size, duration and type.
 */
export function mediaFacts(check: Extract<MediaCheck, { ok: true }>): string {
  if (check.summary) return [check.summary, ...(check.contentType ? [check.contentType] : [])].join(' · ');
  const parts: string[] = [];
  if (check.size !== undefined) parts.push(formatBytes(check.size));
  if (check.durationSec !== undefined) parts.push(formatDuration(check.durationSec));
  if (check.contentType) parts.push(check.contentType);
  return parts.length > 0 ? parts.join(' · ') : 'looks good';
}

/** "Comments on · Duet off · Stitch off": the interactions as they will be sent. */
export function interactionsText(job: PostJob): string {
  const onOff = (name: string, on: boolean) => `${name} ${on ? 'on' : 'off'}`;
  const parts = [onOff('Comments', job.allowComments)];
  if (job.kind === 'video') parts.push(onOff('Duet', job.allowDuet), onOff('Stitch', job.allowStitch));
  else parts.push(onOff('Auto-add music', job.autoAddMusic));
  return parts.join(' · ');
}

/** A cover frame time as m:ss.mmm ("0:01.500"). */
export function formatCoverTime(ms: number): string {
  const whole = Math.floor(ms / 1000);
  return `${formatDuration(whole)}.${String(Math.round(ms % 1000)).padStart(3, '0')}`;
}

/** "Ana Lima (@ana.lima) · saved as ana": TikTok's identity first, the local name after. */
export function creatorIdentity(creator: CreatorInfo, savedAs: string): string {
  const handle = creator.creator_username ? ` (@${creator.creator_username})` : '';
  return `${creator.creator_nickname}${handle} · saved as ${savedAs}`;
}

export interface SummaryOptions {
  /** The account's name in agoras' config. */
  savedAs: string;
  /** What the media check found for an input, if it was checked. */
  facts?(input: string): string | undefined;
}

/**
 * Everything a post will send, as the wizard's Review and the prompt's confirmation show it: the
 * creator's TikTok identity, the whole title and description, media with what was found, privacy,
 * interactions, delivery and TikTok's label sentence. Nothing is shortened here.
 */
export function postSummary(job: PostJob, creator: CreatorInfo, options: SummaryOptions): SummaryRow[] {
  const rows: SummaryRow[] = [{ label: 'Account', value: creatorIdentity(creator, options.savedAs) }];
  const media = job.kind === 'video' ? [job.media] : job.images;
  media.forEach((input, index) => {
    const facts = options.facts?.(input);
    rows.push({
      label: job.kind === 'video' ? 'Video' : `Image ${index + 1}`,
      value: facts ? `${input}\n${facts}` : input,
    });
  });
  // Shown as sent: control, bidi and zero-width characters appear as visible markers.
  rows.push({ label: 'Title', value: job.title === '' ? '(none)' : terminalSafe(job.title) });
  if (job.kind === 'photo' && job.description !== undefined && job.description !== '')
    rows.push({ label: 'Description', value: terminalSafe(job.description, { keepNewlines: true }) });
  rows.push({ label: 'Privacy', value: PRIVACY_LABELS[job.privacy] });
  rows.push({ label: 'Interactions', value: interactionsText(job) });
  const delivery = [
    job.mode === 'inbox' ? 'Draft in your TikTok inbox (you finish it in the app)' : 'Direct post',
  ];
  if (job.kind === 'video' && job.source === 'pull') delivery.push('TikTok pulls the URL (verified domain)');
  rows.push({ label: 'Posting', value: delivery.join(' · ') });
  if (job.kind === 'video' && job.isAigc)
    rows.push({ label: 'AI-generated', value: 'Yes: labeled as AI-generated content' });
  if (job.kind === 'video' && job.coverTimestampMs !== undefined)
    rows.push({ label: 'Cover', value: `the frame at ${formatCoverTime(job.coverTimestampMs)}` });
  rows.push({ label: 'Label', value: labelSentence(job.kind, job.brand) ?? 'none (not commercial content)' });
  return rows;
}
