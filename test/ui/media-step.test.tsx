import { homedir } from 'node:os';
import { describe, expect, it, vi } from 'vitest';
import type { MediaCheck } from '../../source/core/service-types.js';
import { RefusedError } from '../../source/shared/errors.js';
import { renderApp, toMedia } from './drive.js';
import { CREATOR, deferred, fakeServices, KEY, press, type, waitForText } from './helpers.js';

describe('Action step', () => {
  it('offers video and photo only, unless feeds and schedule are switched on', async () => {
    const plain = renderApp(fakeServices());
    await waitForText(plain.lastFrame, 'Ana Lima');
    await press(plain.stdin, KEY.enter);
    const frame = await waitForText(plain.lastFrame, 'Photo slideshow');
    expect(frame).not.toContain('Post from a feed');
    expect(frame).not.toContain('Run the schedule');

    const flagged = renderApp(fakeServices(), { features: { feeds: true, schedule: true } });
    await waitForText(flagged.lastFrame, 'Ana Lima');
    await press(flagged.stdin, KEY.enter);
    await waitForText(flagged.lastFrame, 'Run the schedule');
    await press(flagged.stdin, KEY.down, KEY.down, KEY.enter);
    await waitForText(flagged.lastFrame, 'Feed URL');
  });
});

describe('Media step', () => {
  it('checks the video on Enter: "checking…", then size, duration and type; Enter again continues', async () => {
    const answer = deferred<MediaCheck>();
    const services = fakeServices({ checkVideo: () => answer.promise });
    const app = renderApp(services);
    await toMedia(app, 'video');
    await type(app.stdin, '/videos/clip.mp4');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'checking…');
    expect(services.checkVideo).toHaveBeenCalledWith('/videos/clip.mp4', CREATOR, expect.any(AbortSignal));
    answer.resolve({ ok: true, size: 12_345_678, durationSec: 75, contentType: 'video/mp4' });
    await waitForText(app.lastFrame, '✓ 12.3 MB · 1:15 · video/mp4');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'Posting as Ana Lima');
  });

  it('shows the error under the field, and the user fixes it in place before continuing', async () => {
    const services = fakeServices({
      checkVideo: async (input) =>
        input.endsWith('.mp4')
          ? { ok: true, size: 1000 }
          : { ok: false, message: 'That file does not exist.' },
    });
    const app = renderApp(services);
    await toMedia(app, 'video');
    await type(app.stdin, '/videos/clip.mp');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, '✗ That file does not exist.');
    await press(app.stdin, KEY.enter);
    expect(app.lastFrame()).toContain('Video URL or file');
    expect(app.lastFrame()).not.toContain('Posting as');
    await type(app.stdin, '4');
    const fixed = await waitForText(app.lastFrame, '/videos/clip.mp4');
    expect(fixed).not.toContain('does not exist');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, '✓ 1.0 kB');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'Posting as');
  });

  it('a pasted line ending in a newline is typed, then submitted', async () => {
    const services = fakeServices();
    const app = renderApp(services);
    await toMedia(app, 'video');
    await type(app.stdin, '/videos/clip.mp4\r');
    await waitForText(app.lastFrame, '✓ 12.3 MB');
    expect(services.checkVideo).toHaveBeenCalledWith(
      '/videos/clip.mp4',
      expect.anything(),
      expect.anything(),
    );
  });

  it('flags a bad shape as typed and does not send it to be checked', async () => {
    const services = fakeServices();
    const app = renderApp(services);
    await toMedia(app, 'video');
    await type(app.stdin, 'not a video');
    await waitForText(app.lastFrame, '⚠ Enter an http(s) URL or a path to a video file.');
    await press(app.stdin, KEY.enter);
    expect(services.checkVideo).not.toHaveBeenCalled();
    await press(app.stdin, KEY.enter);
    expect(app.lastFrame()).not.toContain('Posting as');
  });

  it('asks for something when Enter is pressed on an empty field', async () => {
    const app = renderApp(fakeServices());
    await toMedia(app, 'video');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, '✗ Enter a URL or a file path.');
  });

  it('photo: adds fields up to four with Ctrl+N, removes an empty one with Backspace, keeps one', async () => {
    const app = renderApp(fakeServices());
    await toMedia(app, 'photo');
    await press(app.stdin, KEY.ctrlN, KEY.ctrlN, KEY.ctrlN, KEY.ctrlN);
    const four = await waitForText(app.lastFrame, 'Image 4');
    expect(four).not.toContain('Image 5');
    await press(app.stdin, KEY.backspace, KEY.backspace, KEY.backspace);
    const one = await waitForText(app.lastFrame, /Image 1(?![\s\S]*Image 2)/);
    expect(one).not.toContain('Image 2');
    await press(app.stdin, KEY.backspace);
    expect(app.lastFrame()).toContain('Image 1');
  });

  it('photo: needs http(s) URLs or paths, checks every field and blocks until all are fine', async () => {
    const services = fakeServices({
      checkImage: async (url) =>
        url.includes('bad')
          ? { ok: false, message: 'TikTok cannot read this image.' }
          : { ok: true, size: 2000 },
    });
    const app = renderApp(services);
    await toMedia(app, 'photo');
    await type(app.stdin, 'ftp:x');
    await waitForText(app.lastFrame, 'Enter an http(s) URL or a path to a photo.');
    await press(app.stdin, ...Array(5).fill(KEY.backspace));
    await type(app.stdin, 'https://img.test/1.jpg');
    await press(app.stdin, KEY.ctrlN);
    await type(app.stdin, 'https://img.test/bad.jpg');
    await press(app.stdin, KEY.up, KEY.enter);
    await waitForText(app.lastFrame, '✓ 2.0 kB');
    // Enter on a good field checks the unchecked one and moves to the first problem.
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, '✗ TikTok cannot read this image.');
    await press(app.stdin, KEY.enter);
    expect(app.lastFrame()).not.toContain('Posting as');
    expect(services.checkImage).toHaveBeenCalledWith('https://img.test/bad.jpg', expect.any(AbortSignal));
  });

  it('Esc aborts a running check and goes back; the typed path is still there on return', async () => {
    let signal: AbortSignal | undefined;
    const services = fakeServices({
      checkVideo: (_input, _creator, s) => {
        signal = s;
        return new Promise(() => {});
      },
    });
    const app = renderApp(services);
    await toMedia(app, 'video');
    await type(app.stdin, '/videos/clip.mp4');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'checking…');
    await press(app.stdin, KEY.esc);
    await waitForText(app.lastFrame, 'What do you want to post?');
    expect(signal?.aborted).toBe(true);
    await press(app.stdin, KEY.enter);
    const back = await waitForText(app.lastFrame, '/videos/clip.mp4');
    expect(back).not.toContain('checking…');
  });
});

describe('Media step: paths as people type them', () => {
  it.each([
    ['~/ for the home directory', '~/clip.mp4', `${homedir()}/clip.mp4`],
    ['a dropped path, quoted with a trailing space', "'/home/ana/my clip.mp4' ", '/home/ana/my clip.mp4'],
    ['backslash-escaped spaces', 'my\\ clip.mp4', 'my clip.mp4'],
    ['a file:// URL', 'file:///tmp/my%20clip.mp4', '/tmp/my clip.mp4'],
  ])('%s is checked and posted as the file it names', async (_name, typed, path) => {
    const services = fakeServices();
    const app = renderApp(services);
    await toMedia(app, 'video');
    await type(app.stdin, `\u001b[200~${typed}\u001b[201~`);
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, '✓ 12.3 MB');
    expect(app.lastFrame()).not.toContain('Enter an http(s) URL or a path');
    expect(services.checkVideo).toHaveBeenCalledWith(path, CREATOR, expect.any(AbortSignal));
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'Posting as Ana Lima');
    await press(app.stdin, KEY.down, KEY.space, KEY.enter);
    await waitForText(app.lastFrame, 'Disclose commercial content');
    await press(app.stdin, KEY.enter);
    const review = await waitForText(app.lastFrame, 'Post to TikTok');
    expect(review).toContain(path);
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'Posted');
    expect(services.calls.publish[0]?.job).toMatchObject({ kind: 'video', media: path });
  });
});

describe('Media step: messages where they belong', () => {
  it('TikTok refusing the account (too many posts) is said for the screen, not under the video field', async () => {
    const tooMany = new RefusedError('This account has posted too much today; try again tomorrow.');
    const services = fakeServices({ creatorInfo: () => Promise.reject(tooMany) });
    const app = renderApp(services);
    await toMedia(app, 'video');
    await type(app.stdin, '/videos/clip.mp4');
    await press(app.stdin, KEY.enter);
    const frame = await waitForText(app.lastFrame, 'posted too much today');
    expect(frame).toContain(
      '✗ TikTok will not take a post from this account now: This account has posted too much',
    );
    expect(frame).not.toMatch(/^ {4}✗/m); // nothing under the field
    expect(services.checkVideo).not.toHaveBeenCalled();
  });
});

describe('Media step: a video TikTok would fail, fixed with one key', () => {
  const refused: MediaCheck = {
    ok: false,
    message: '/videos/clip.mkv: Matroska; TikTok needs an MP4, MOV or WebM video.',
    fix: { changes: ['Matroska → MP4 (video copied, not re-encoded)'], result: 'H.264 · 1080×1920 · 30 fps' },
  };

  it('f converts a copy with progress, then the copy is checked and posted', async () => {
    const progress = deferred<void>();
    const done = deferred<string>();
    const services = fakeServices({
      checkVideo: async (input) => (input.endsWith('.mkv') ? refused : { ok: true, size: 1000 }),
      fixVideo: async (_input, _creator, _signal, onProgress) => {
        onProgress(5, 10);
        progress.resolve();
        return done.promise;
      },
    });
    const app = renderApp(services);
    await toMedia(app, 'video');
    await type(app.stdin, '/videos/clip.mkv');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'f Fix it: convert a copy to H.264 · 1080×1920 · 30 fps');
    await type(app.stdin, 'f');
    await progress.promise;
    await waitForText(app.lastFrame, ' 50%');
    expect(app.lastFrame()).toContain('/videos/clip.mkv'); // the 'f' was a key, not typed
    expect(app.lastFrame()).not.toContain('clip.mkvf');
    done.resolve('/cache/converted/abc.mp4');
    await waitForText(app.lastFrame, '✓ 1.0 kB');
    expect(app.lastFrame()).toContain('/cache/converted/abc.mp4');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'Posting as');
  });

  it('e sets the offer aside and the path is edited as usual', async () => {
    const services = fakeServices({ checkVideo: async () => refused });
    const app = renderApp(services);
    await toMedia(app, 'video');
    await type(app.stdin, '/videos/clip.mkv');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'f Fix it');
    await type(app.stdin, 'e');
    await type(app.stdin, 'x');
    await waitForText(app.lastFrame, '/videos/clip.mkvx');
    expect(services.fixVideo).not.toHaveBeenCalled();
  });
});

describe('Media step: a local photo and the media host', () => {
  it('the first local photo asks where the verified domain serves files, saves it, then continues', async () => {
    const services = fakeServices({
      checkImage: async () => ({ ok: true, size: 2000, summary: 'JPEG · 320×568 · 1.9 kB' }),
      saveMediaHost: vi.fn(async (host: { dir?: string }) =>
        host.dir === '/srv/www' ? undefined : `${host.dir} is not a directory.`,
      ),
    });
    const app = renderApp(services);
    await toMedia(app, 'photo');
    await type(app.stdin, '/home/ana/day.jpg');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, '✓ JPEG · 320×568');
    expect(services.checkImage).toHaveBeenCalledWith('/home/ana/day.jpg', expect.any(AbortSignal));
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, "Where your verified domain's files live");
    await type(app.stdin, '/srv/ww');
    await press(app.stdin, KEY.down);
    await type(app.stdin, 'https://media.example.com/tiktok/');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, '✗ /srv/ww is not a directory.');
    await press(app.stdin, KEY.up);
    await type(app.stdin, 'w');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'Posting as');
    expect(services.saveMediaHost).toHaveBeenLastCalledWith({
      dir: '/srv/www',
      url: 'https://media.example.com/tiktok/',
    });
  });

  it('a saved media host is not asked for again', async () => {
    const services = fakeServices({
      checkImage: async () => ({ ok: true, size: 2000 }),
      mediaHost: async () => ({ dir: '/srv/www', url: 'https://media.example.com/' }),
    });
    const app = renderApp(services);
    await toMedia(app, 'photo');
    await type(app.stdin, '/home/ana/day.jpg');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, '✓ 2.0 kB');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'Posting as');
    expect(services.saveMediaHost).not.toHaveBeenCalled();
  });
});

describe('Media step: a photo TikTok would fail, fixed with one key', () => {
  it('f converts a local PNG to a JPEG copy, which is checked and used', async () => {
    const services = fakeServices({
      checkImage: async (input) =>
        input.endsWith('.png')
          ? {
              ok: false,
              message: '/home/ana/day.png: PNG image; TikTok needs JPEG or WebP photos.',
              fix: { changes: ['PNG → JPEG'], result: 'JPEG · 360×640' },
            }
          : { ok: true, size: 2000, summary: 'JPEG · 360×640 · 2.0 kB' },
      mediaHost: async () => ({ dir: '/srv/www', url: 'https://media.example.com/' }),
    });
    const app = renderApp(services);
    await toMedia(app, 'photo');
    await type(app.stdin, '/home/ana/day.png');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'f Fix it: convert a copy to JPEG · 360×640 (PNG → JPEG)');
    await type(app.stdin, 'f');
    await waitForText(app.lastFrame, '✓ JPEG · 360×640 · 2.0 kB');
    expect(services.fixImage).toHaveBeenCalledWith('/home/ana/day.png', expect.any(AbortSignal));
    expect(app.lastFrame()).toContain('/cache/converted/day.png.jpg');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'Posting as');
  });
});
