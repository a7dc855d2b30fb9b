import { vi } from 'vitest';
import type {
  AccountSummary,
  Agoras,
  AuthorizeRequest,
  FeedPreview,
  MediaCheck,
  PublishOutcome,
  SchedulePreview,
  SourceRunResult,
} from '../../source/core/service-types.js';
import type { PostJob } from '../../source/shared/post-job.js';
import type { Reporter } from '../../source/shared/reporter.js';
import type { CreatorInfo } from '../../source/tiktok/types.js';

/** Key sequences as a terminal sends them. */
export const KEY = {
  enter: '\r',
  esc: '\u001B',
  up: '\u001B[A',
  down: '\u001B[B',
  tab: '\t',
  shiftTab: '\u001B[Z',
  space: ' ',
  backspace: '\u007F',
  ctrlC: '\u0003',
  ctrlN: '\u000E',
} as const;

/** Lets ink parse the input (a lone Esc is flushed on setImmediate) and re-subscribe its handlers. */
export function tick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 15));
}

interface Writable {
  write(data: string): void;
}

/**
 * Sends keys one at a time. Ink re-subscribes input handlers in an effect after each render, so
 * it waits before each key too: a key sent the instant a frame appears would reach the old handler.
 */
export async function press(stdin: Writable, ...keys: string[]): Promise<void> {
  for (const key of keys) {
    await tick();
    stdin.write(key);
    await tick();
  }
}

/** Types text as one paste would arrive. */
export async function type(stdin: Writable, text: string): Promise<void> {
  await press(stdin, text);
}

/** Waits until the last frame contains the text (or matches), and returns that frame. */
export async function waitForText(
  lastFrame: () => string | undefined,
  expected: string | RegExp,
  timeout = 3000,
): Promise<string> {
  return vi.waitFor(
    () => {
      const frame = lastFrame() ?? '';
      const found = typeof expected === 'string' ? frame.includes(expected) : expected.test(frame);
      if (!found) throw new Error(`Waiting for ${String(expected)} in:\n${frame}`);
      return frame;
    },
    { timeout, interval: 10 },
  );
}

/** A promise with its resolve/reject exposed, so a test decides when a service answers. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export const CREATOR: CreatorInfo = {
  creator_avatar_url: 'https://example.test/a.jpg',
  creator_username: 'ana',
  creator_nickname: 'Ana Lima',
  privacy_level_options: ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'],
  comment_disabled: false,
  duet_disabled: false,
  stitch_disabled: false,
  max_video_post_duration_sec: 600,
};

/** Two feed entries, as a dry run of the feed would find them. */
export const FEED_PREVIEW: FeedPreview = {
  items: [
    {
      key: 'guid-2',
      title: 'Sunset timelapse',
      kind: 'video',
      media: ['https://cdn.test/sunset.mp4'],
      published: new Date(2025, 4, 12, 14, 0),
    },
    {
      key: 'guid-1',
      title: 'Harbour photos',
      kind: 'photo',
      media: ['https://cdn.test/1.jpg', 'https://cdn.test/2.jpg'],
    },
  ],
  notes: ['1 recent entry was already posted.'],
  plan: { now: 1_700_000_000_000, pick: 0.25 },
};

/** A schedule with one due row, one late row, two upcoming and a malformed row. */
export const SCHEDULE_PREVIEW: SchedulePreview = {
  due: [
    {
      key: '2|Launch day|https://cdn.test/launch.mp4',
      rowNumber: 2,
      title: 'Launch day',
      media: 'https://cdn.test/launch.mp4',
      privacy: 'PUBLIC_TO_EVERYONE',
      brand: { organic: false, content: true },
      scheduledAt: new Date(2025, 4, 12, 17, 0),
      job: {
        kind: 'video',
        media: 'https://cdn.test/launch.mp4',
        title: 'Launch day',
        privacy: 'PUBLIC_TO_EVERYONE',
        allowComments: true,
        allowDuet: false,
        allowStitch: false,
        brand: { organic: false, content: true },
        source: 'upload',
        mode: 'direct',
      },
    },
  ],
  late: [{ rowNumber: 3, scheduledAt: new Date('2025-05-12T09:00:00Z') }],
  upcoming: 2,
  problems: [{ rowNumber: 5, reason: 'tiktok_title is empty' }],
  alreadyPosted: [],
};

export const RUN_RESULT: SourceRunResult = {
  posted: [{ title: 'Sunset timelapse', publishId: 'v_pub_7', status: 'PUBLISH_COMPLETE' }],
  errors: [{ title: 'Harbour photos', message: 'TikTok could not pull the images.', exitCode: 4 }],
  notes: [],
};

export const ANA: AccountSummary = { username: 'ana', nickname: 'Ana Lima', isDefault: true, state: 'ready' };

/** Every call the fake saw, for assertions. */
export interface FakeCalls {
  publish: { username: string; job: PostJob; signal: AbortSignal }[];
  authorize: AuthorizeRequest[];
}

/**
 * An Agoras fake: sensible answers by default, each method replaceable, every publish
 * and authorize recorded. `onPublish` lets a test drive the reporter.
 */
export function fakeServices(
  overrides: Partial<Agoras> & {
    onPublish?: (reporter: Reporter, job: PostJob, signal: AbortSignal) => Promise<PublishOutcome>;
  } = {},
): Agoras & { calls: FakeCalls } {
  const calls: FakeCalls = { publish: [], authorize: [] };
  const { onPublish, ...rest } = overrides;
  return {
    calls,
    listAccounts: vi.fn(async () => [ANA]),
    savedCredentials: vi.fn(async () => undefined),
    // The wizard never calls these (the accounts command does): a call is a test failure.
    checkAccounts: vi.fn(async () => {
      throw new Error('the wizard does not check accounts live');
    }),
    removeAccount: vi.fn(async () => {
      throw new Error('the wizard does not remove accounts');
    }),
    setDefaultAccount: vi.fn(async () => {
      throw new Error('the wizard does not change the default account');
    }),
    feedRun: vi.fn(async () => {
      throw new Error('the wizard runs feeds through previewFeed/runFeed');
    }),
    scheduleRun: vi.fn(async () => {
      throw new Error('the wizard runs the schedule through previewSchedule/runSchedule');
    }),
    ...(Object.fromEntries(
      (['ownerOf', 'postStatus', 'history', 'storeStatus', 'migrateStore'] as const).map((name) => [
        name,
        vi.fn(async () => {
          throw new Error(`the wizard does not call ${name} (the status, history and store commands do)`);
        }),
      ]),
    ) as unknown as Pick<Agoras, 'ownerOf' | 'postStatus' | 'history' | 'storeStatus' | 'migrateStore'>),
    authorize: vi.fn(async (request: AuthorizeRequest) => {
      calls.authorize.push(request);
      return {
        username: request.username,
        nickname: request.username,
        isDefault: false,
        state: 'ready' as const,
      };
    }),
    creatorInfo: vi.fn(async () => CREATOR),
    capUsage: vi.fn(async () => ({ posts: 0, postCap: 15, drafts: 0, draftCap: 5 })),
    checkVideo: vi.fn(
      async (): Promise<MediaCheck> => ({
        ok: true,
        size: 12_300_000,
        durationSec: 42,
        contentType: 'video/mp4',
      }),
    ),
    checkImage: vi.fn(
      async (): Promise<MediaCheck> => ({ ok: true, size: 200_000, contentType: 'image/jpeg' }),
    ),
    publish: vi.fn(async (username: string, job: PostJob, reporter: Reporter, signal: AbortSignal) => {
      calls.publish.push({ username, job, signal });
      if (onPublish) return onPublish(reporter, job, signal);
      return { publishId: 'v_pub_1', status: { status: 'PUBLISH_COMPLETE' as const } };
    }),
    previewFeed: vi.fn(async () => FEED_PREVIEW),
    runFeed: vi.fn(async () => RUN_RESULT),
    sheetDefaults: vi.fn(async () => undefined),
    previewSchedule: vi.fn(async () => SCHEDULE_PREVIEW),
    runSchedule: vi.fn(async () => ({ ...RUN_RESULT, errors: [] })),
    // Overrides become spies too, so a test can assert what they were called with.
    ...Object.fromEntries(Object.entries(rest).map(([name, fn]) => [name, vi.fn(fn as () => unknown)])),
  };
}

/** A frame as one line of prose: the policy URLs printed where links are not drawn taken out. */
export function prose(frame: string): string {
  return frame.replace(/\s*\(https:[^)]*\)/g, '').replace(/\s+/g, ' ');
}
