import { describe, expect, it } from 'vitest';
import { postSummary } from '../../source/core/post-summary.js';
import { checkJob } from '../../source/core/rules.js';
import { terminalSafe } from '../../source/shared/sanitize.js';
import type { CreatorInfo } from '../../source/tiktok/types.js';
import { videoJob } from '../core/harness.js';
import { runCli, tempConfigDir } from '../e2e/cli.js';

/**
 * Bidi controls and zero-width characters: the Review and the line mode show them (so what is shown
 * reads as what is posted: "abc‮gpj.exe" would otherwise read "abcexe.jpg"), and a title of only
 * invisible characters is refused.
 */
const creator: CreatorInfo = {
  creator_avatar_url: '',
  creator_username: 'u',
  creator_nickname: 'N',
  privacy_level_options: ['SELF_ONLY'],
  comment_disabled: false,
  duet_disabled: false,
  stitch_disabled: false,
  max_video_post_duration_sec: 600,
};

describe('invisible characters', () => {
  it('are shown as markers wherever text reaches a terminal', () => {
    expect(terminalSafe('abc\u202egpj.exe')).toBe('abc⟨U+202E⟩gpj.exe');
    expect(terminalSafe('a\u200bb\u2066c\u2069\ufeff')).toBe('a⟨U+200B⟩b⟨U+2066⟩c⟨U+2069⟩⟨U+FEFF⟩');
    // Emoji sequences keep their joiner.
    expect(terminalSafe('👩\u200d💻')).toBe('👩\u200d💻');
  });

  it('the Review (and the prompt’s summary) shows them in the title and description', () => {
    const rows = postSummary(videoJob('/v.mp4', { title: 'abc\u202egpj.exe' }), creator, { savedAs: 'ana' });
    expect(rows.find((r) => r.label === 'Title')?.value).toBe('abc⟨U+202E⟩gpj.exe');
  });

  it('a title of only invisible characters is refused; empty or with text is fine', () => {
    for (const title of ['\u200b', '\u200b\u200b\u202e', ' \u2060 ', '\u3164'])
      expect(
        checkJob(videoJob('/v.mp4', { title }), creator).map((p) => p.field),
        JSON.stringify(title),
      ).toContain('title');
    for (const title of ['', 'a\u200b', '👍'])
      expect(checkJob(videoJob('/v.mp4', { title }), creator).map((p) => p.field)).not.toContain('title');
  });

  it('the command line: an invisible-only title is exit 2 with one line, nothing posted', async () => {
    const run = await runCli(
      [
        ...['publish', '--sandbox', '--network', 'tiktok', '--action', 'video'],
        ...['--tiktok-video-url', 'test/fixtures/sample.mp4', '--tiktok-privacy-status', 'SELF_ONLY'],
        ...['--tiktok-title', '\u200b\u200b'],
      ],
      { AGORAS_CONFIG_DIR: tempConfigDir() },
    );
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^agoras: The title has only invisible characters/m);
  });
});
