import { render } from 'ink-testing-library';
import { vi } from 'vitest';
import type { Agoras } from '../../source/core/service-types.js';
import { App, type AppProps } from '../../source/ui/app.js';
import { KEY, press, type, waitForText } from './helpers.js';

export type RenderedApp = ReturnType<typeof render> & { onExit: ReturnType<typeof vi.fn> };

/** Renders the whole wizard with fake services; onExit records the exit code. */
export function renderApp(services: Agoras, props: Partial<AppProps> = {}): RenderedApp {
  const onExit = vi.fn();
  const app = render(<App services={services} onExit={onExit} {...props} />);
  return Object.assign(app, { onExit });
}

/** The first account's live check has answered (ready, or TikTok could not be asked). */
const SETTLED = /default · (✓ ready|\? could not check now)/;

/** From the account list (first account) to the media screen for a kind of post. */
export async function toMedia(app: RenderedApp, kind: 'video' | 'photo'): Promise<void> {
  await waitForText(app.lastFrame, SETTLED);
  await press(app.stdin, KEY.enter);
  await waitForText(app.lastFrame, 'What do you want to post?');
  if (kind === 'photo') await press(app.stdin, KEY.down);
  await press(app.stdin, KEY.enter);
  await waitForText(app.lastFrame, kind === 'video' ? 'Video URL or file' : 'Image 1');
}

/** On to the details screen with one checked video file or image URL. */
export async function toDetails(
  app: RenderedApp,
  kind: 'video' | 'photo',
  arrived = 'Posting as',
): Promise<void> {
  await toMedia(app, kind);
  await type(app.stdin, kind === 'video' ? '/videos/clip.mp4' : 'https://img.test/1.jpg');
  await press(app.stdin, KEY.enter);
  await waitForText(app.lastFrame, '✓');
  await press(app.stdin, KEY.enter);
  await waitForText(app.lastFrame, arrived);
}

/** On to the commercial content screen, having picked a privacy level (row index after the text fields). */
export async function toCommercial(app: RenderedApp, privacyRow = 0): Promise<void> {
  await toDetails(app, 'video');
  await press(app.stdin, ...Array(privacyRow + 1).fill(KEY.down), KEY.space, KEY.enter);
  await waitForText(app.lastFrame, 'Disclose commercial content');
}

/** From the account list to step 3 of a feed or the schedule (features switched on). */
export async function toSource(app: RenderedApp, source: 'feed' | 'schedule'): Promise<void> {
  await waitForText(app.lastFrame, SETTLED);
  await press(app.stdin, KEY.enter);
  await waitForText(app.lastFrame, 'Run the schedule');
  await press(app.stdin, KEY.down, KEY.down, ...(source === 'schedule' ? [KEY.down] : []), KEY.enter);
  await waitForText(app.lastFrame, source === 'feed' ? 'Feed URL' : 'Spreadsheet ID');
}

export const SOURCES = { features: { feeds: true, schedule: true } } as const;
