import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthError, NetworkError } from '../../source/shared/errors.js';
import { formatBytes } from '../../source/shared/format.js';
import { colorsEnabled, tint } from '../../source/ui/colors.js';
import { buildJob, emptyDraft } from '../../source/ui/draft.js';
import { initialWizardState, wizardReducer } from '../../source/ui/hooks/use-wizard.js';
import { mediaShapeProblem } from '../../source/ui/media-shape.js';
import { describeFailure, statusHeadline } from '../../source/ui/outcome.js';
import { formatDuration, transferStats } from '../../source/ui/transfer.js';
import { ANA } from './helpers.js';

describe('buildJob', () => {
  it('maps a video draft to a direct FILE_UPLOAD job with the chosen interactions', () => {
    const job = buildJob({
      ...emptyDraft(),
      account: ANA,
      kind: 'video',
      video: '  /videos/clip.mp4 ',
      title: 'Hi #fyp',
      privacy: 'MUTUAL_FOLLOW_FRIENDS',
      allowComments: true,
      allowStitch: true,
      disclose: true,
      brand: { organic: true, content: true },
    });
    expect(job).toEqual({
      kind: 'video',
      media: '/videos/clip.mp4',
      title: 'Hi #fyp',
      privacy: 'MUTUAL_FOLLOW_FRIENDS',
      allowComments: true,
      allowDuet: false,
      allowStitch: true,
      brand: { organic: true, content: true },
      source: 'upload',
      mode: 'direct',
      origin: { kind: 'wizard' },
    });
  });

  it('sends no brand flags when the disclosure toggle is off, even if boxes were ticked before', () => {
    const job = buildJob({
      ...emptyDraft(),
      kind: 'video',
      video: 'a.mp4',
      privacy: 'SELF_ONLY',
      disclose: false,
      brand: { organic: true, content: true },
    });
    expect(job.brand).toEqual({ organic: false, content: false });
  });

  it('maps a photo draft, dropping empty image fields and an empty description', () => {
    const job = buildJob({
      ...emptyDraft(),
      kind: 'photo',
      images: ['https://x.test/1.jpg', ' ', 'https://x.test/2.jpg'],
      title: 'Trip',
      privacy: 'PUBLIC_TO_EVERYONE',
      autoAddMusic: true,
    });
    expect(job).toEqual({
      kind: 'photo',
      images: ['https://x.test/1.jpg', 'https://x.test/2.jpg'],
      title: 'Trip',
      privacy: 'PUBLIC_TO_EVERYONE',
      allowComments: false,
      autoAddMusic: true,
      brand: { organic: false, content: false },
      mode: 'direct',
      origin: { kind: 'wizard' },
    });
  });

  it('refuses a draft without privacy: there is no default', () => {
    expect(() => buildJob({ ...emptyDraft(), kind: 'video', video: 'a.mp4' })).toThrow(/privacy/);
  });
});

describe('wizardReducer', () => {
  it('keeps the draft when going back', () => {
    let state = initialWizardState();
    state = wizardReducer(state, { type: 'chooseAccount', account: ANA });
    state = wizardReducer(state, { type: 'chooseKind', kind: 'video' });
    state = wizardReducer(state, { type: 'patch', patch: { video: 'a.mp4' } });
    state = wizardReducer(state, { type: 'back' });
    expect(state.step).toBe('action');
    expect(state.draft.video).toBe('a.mp4');
  });

  it('adds image fields up to four and removes only empty ones, never the last', () => {
    let state = initialWizardState();
    for (let i = 0; i < 5; i++) state = wizardReducer(state, { type: 'addImage' });
    expect(state.draft.images).toHaveLength(4);
    state = wizardReducer(state, { type: 'setImage', index: 0, value: 'https://x.test/1.jpg' });
    state = wizardReducer(state, { type: 'removeImage', index: 0 });
    expect(state.draft.images).toHaveLength(4);
    for (let i = 0; i < 5; i++) state = wizardReducer(state, { type: 'removeImage', index: 1 });
    expect(state.draft.images).toEqual(['https://x.test/1.jpg']);
  });
});

describe('mediaShapeProblem', () => {
  it('accepts URLs and paths for video and for photos (a local photo goes through the media host)', () => {
    expect(mediaShapeProblem('video', 'https://cdn.test/v.mp4')).toBeUndefined();
    expect(mediaShapeProblem('video', './clip.mov')).toBeUndefined();
    expect(mediaShapeProblem('video', 'clip.mp4')).toBeUndefined();
    expect(mediaShapeProblem('video', 'C:\\videos\\clip.mp4')).toBeUndefined();
    expect(mediaShapeProblem('video', 'ftp://host/v.mp4')).toMatch(/http/);
    expect(mediaShapeProblem('video', 'hello world')).toMatch(/URL or a path/);
    expect(mediaShapeProblem('photo', '/tmp/a.jpg')).toBeUndefined();
    expect(mediaShapeProblem('photo', 'ftp://x.test/a.jpg')).toMatch(/http\(s\) URL or a path/);
    expect(mediaShapeProblem('photo', 'https://x.test/a.jpg')).toBeUndefined();
    expect(mediaShapeProblem('photo', '')).toBeUndefined();
  });
});

describe('transfer', () => {
  it('derives percent, speed and ETA from the first and latest samples', () => {
    const stats = transferStats(
      { sent: 0, total: 50_000_000, at: 1000 },
      { sent: 20_000_000, total: 50_000_000, at: 5000 },
    );
    expect(stats).toEqual({
      sent: 20_000_000,
      total: 50_000_000,
      percent: 40,
      bytesPerSecond: 5_000_000,
      etaSeconds: 6,
    });
    expect(transferStats({ sent: 0, total: 10, at: 1 }, { sent: 0, total: 10, at: 1 })).toEqual({
      sent: 0,
      total: 10,
      percent: 0,
    });
  });

  it('formats sizes and durations for people', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(12_345_678)).toBe('12.3 MB');
    expect(formatDuration(65)).toBe('1:05');
    expect(formatDuration(3725)).toBe('1:02:05');
  });
});

describe('outcome', () => {
  it('says what each final status means', () => {
    expect(statusHeadline('PUBLISH_COMPLETE')).toBe('Posted');
    expect(statusHeadline('SEND_TO_USER_INBOX')).toBe('Sent to your TikTok inbox as a draft');
  });

  it('keeps an AgorasError’s message, hint and exit code; other errors exit 1', () => {
    const auth = describeFailure(new AuthError('Token revoked', { hint: 'run: agoras … authorize' }));
    expect(auth).toMatchObject({ message: 'Token revoked', hint: 'run: agoras … authorize', exitCode: 3 });
    expect(describeFailure(new NetworkError('Timed out')).next).toMatch(/connection/);
    expect(describeFailure(new Error('boom'))).toMatchObject({ message: 'boom', exitCode: 1 });
  });
});

describe('colours', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('follows NO_COLOR (set and not empty), which chalk 5 ignores', () => {
    expect(colorsEnabled({})).toBe(true);
    expect(colorsEnabled({ NO_COLOR: '' })).toBe(true);
    expect(colorsEnabled({ NO_COLOR: '1' })).toBe(false);
    vi.stubEnv('NO_COLOR', '1');
    expect(tint('red')).toBeUndefined();
    vi.stubEnv('NO_COLOR', '');
    expect(tint('red')).toBe('red');
  });
});
