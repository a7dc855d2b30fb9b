import { Console } from 'node:console';
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { runWizard } from '../../source/ui/app.js';
import { renderApp, toMedia } from './drive.js';
import { ANA, fakeServices, KEY, press, tick, type, waitForText } from './helpers.js';

describe('the whole wizard', () => {
  it('goes from account to result and sends exactly the video job the user chose', async () => {
    const services = fakeServices({
      listAccounts: async () => [ANA, { username: 'bo', nickname: 'Bo', isDefault: false, state: 'ready' }],
    });
    const app = renderApp(services, { sandbox: true });
    const first = await waitForText(app.lastFrame, 'saved as bo');
    expect(first).toContain('SANDBOX');
    await press(app.stdin, KEY.down, KEY.enter);
    await waitForText(app.lastFrame, 'What do you want to post?');
    await press(app.stdin, KEY.enter);
    await type(app.stdin, 'https://cdn.test/sunset.mp4');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, '✓ 12.3 MB');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'Posting as');
    await type(app.stdin, 'Sunset #fyp');
    // Rows: title, Everyone, Friends, Only me, comments, duet, stitch.
    await press(
      app.stdin,
      KEY.down,
      KEY.down,
      KEY.space,
      KEY.tab,
      KEY.tab,
      KEY.space,
      KEY.tab,
      KEY.tab,
      KEY.space,
    );
    await waitForText(app.lastFrame, '› [x] Allow stitch');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'Disclose commercial content');
    await press(app.stdin, KEY.space, KEY.down, KEY.space, KEY.enter);
    const review = await waitForText(app.lastFrame, 'Post to TikTok');
    expect(review).toContain('Promotional content');
    // Going back and forth keeps everything.
    await press(app.stdin, KEY.esc, KEY.esc);
    await waitForText(app.lastFrame, 'Sunset #fyp');
    await press(app.stdin, KEY.enter, KEY.enter);
    await waitForText(app.lastFrame, 'Post to TikTok');
    expect(services.publish).not.toHaveBeenCalled();
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, '✓ Posted');
    expect(services.publish).toHaveBeenCalledTimes(1);
    expect(services.calls.publish[0]?.username).toBe('bo');
    expect(services.calls.publish[0]?.job).toEqual({
      kind: 'video',
      media: 'https://cdn.test/sunset.mp4',
      title: 'Sunset #fyp',
      privacy: 'MUTUAL_FOLLOW_FRIENDS',
      allowComments: true,
      allowDuet: false,
      allowStitch: true,
      brand: { organic: true, content: false },
      source: 'upload',
      mode: 'direct',
      origin: { kind: 'wizard' },
    });
    await press(app.stdin, KEY.enter);
    await vi.waitFor(() => expect(app.onExit).toHaveBeenCalledWith(0));
  });

  it('sends exactly the photo job the user chose', async () => {
    const services = fakeServices();
    const app = renderApp(services);
    await toMedia(app, 'photo');
    await type(app.stdin, 'https://img.test/1.jpg');
    await press(app.stdin, KEY.ctrlN);
    await type(app.stdin, 'https://img.test/2.jpg');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, '✓ 200.0 kB');
    await press(app.stdin, KEY.enter);
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'Posting as');
    await type(app.stdin, 'Trip');
    await press(app.stdin, KEY.down);
    await type(app.stdin, 'Two days');
    // Rows: title, description, Everyone, Friends, Only me, comments, auto-add music.
    await press(app.stdin, KEY.down, KEY.space, KEY.down, KEY.down, KEY.down, KEY.down, KEY.space, KEY.enter);
    await waitForText(app.lastFrame, 'Disclose commercial content');
    await press(app.stdin, KEY.enter, KEY.enter);
    await waitForText(app.lastFrame, '✓ Posted');
    expect(services.calls.publish[0]?.job).toEqual({
      kind: 'photo',
      images: ['https://img.test/1.jpg', 'https://img.test/2.jpg'],
      title: 'Trip',
      description: 'Two days',
      privacy: 'PUBLIC_TO_EVERYONE',
      allowComments: false,
      autoAddMusic: true,
      brand: { organic: false, content: false },
      mode: 'direct',
      origin: { kind: 'wizard' },
    });
  });

  it('Ctrl+C while publishing aborts the upload and exits 130', async () => {
    const services = fakeServices({ onPublish: () => new Promise(() => {}) });
    const app = renderApp(services);
    await toMedia(app, 'video');
    await type(app.stdin, 'a.mp4');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, '✓');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'Posting as');
    await press(app.stdin, KEY.down, KEY.space, KEY.enter, KEY.enter, KEY.enter);
    await waitForText(app.lastFrame, 'Posting to TikTok as');
    await vi.waitFor(() => expect(services.calls.publish).toHaveLength(1));
    const { signal } = services.calls.publish[0]!;
    expect(signal.aborted).toBe(false);
    await press(app.stdin, KEY.ctrlC);
    expect(app.onExit).toHaveBeenCalledWith(130);
    await vi.waitFor(() => expect(signal.aborted).toBe(true));
  });

  it('Ctrl+C during a media check aborts it and exits 130', async () => {
    let signal: AbortSignal | undefined;
    const services = fakeServices({
      checkImage: (_url, s) => {
        signal = s;
        return new Promise(() => {});
      },
    });
    const app = renderApp(services);
    await toMedia(app, 'photo');
    await type(app.stdin, 'https://img.test/1.jpg');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'checking…');
    await press(app.stdin, KEY.ctrlC);
    expect(app.onExit).toHaveBeenCalledWith(130);
    await vi.waitFor(() => expect(signal?.aborted).toBe(true));
  });
});

/** Just enough of a TTY for ink: raw mode, readable events, a size. */
class FakeTtyIn extends EventEmitter {
  isTTY = true;
  private queue: string[] = [];
  setRawMode() {}
  setEncoding() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read(): string | null {
    return this.queue.shift() ?? null;
  }
  send(data: string) {
    this.queue.push(data);
    this.emit('readable');
  }
}

/** A real Writable (ink patches console onto it) that records what was drawn at 80×24. */
class FakeTtyOut extends Writable {
  isTTY = true;
  columns = 80;
  rows = 24;
  output = '';
  override _write(chunk: Buffer | string, _encoding: string, callback: () => void) {
    this.output += chunk.toString();
    callback();
  }
}

describe('runWizard', () => {
  it('renders on the given streams and resolves 130 after unmounting when Esc leaves the first step', async () => {
    // Ink patches console with console.Console, which vitest's console replacement lacks.
    const patched = console as { Console?: typeof Console };
    patched.Console ??= Console;
    const stdin = new FakeTtyIn();
    const stdout = new FakeTtyOut();
    const done = runWizard(fakeServices(), {
      stdin: stdin as unknown as NodeJS.ReadStream,
      stdout: stdout as unknown as NodeJS.WriteStream,
      sandbox: true,
    });
    await vi.waitFor(() => expect(stdout.output).toContain('Ana Lima'));
    expect(stdout.output).toContain('SANDBOX');
    await tick();
    stdin.send(KEY.esc);
    await expect(done).resolves.toBe(130);
  });
});
