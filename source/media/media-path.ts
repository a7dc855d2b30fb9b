import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { looksLikeUrl } from '../shared/url.js';

export interface PathOptions {
  /** The home directory `~` stands for (the user's, by default). */
  home?: string;
  /** Whether `\` escapes the next character, as in a POSIX shell (not on Windows, where it separates). */
  posix?: boolean;
}

/** Undoes a shell's quoting as a terminal writes a dropped file: 'single', "double", back\ slashes. */
function unquote(text: string, posix: boolean): { text: string; quoted: boolean } {
  if (text.length >= 2 && text.startsWith("'") && text.endsWith("'")) {
    // 'it'\''s': the shell's way to put a quote inside single quotes.
    return { text: text.slice(1, -1).replace(/'\\''/g, "'"), quoted: true };
  }
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
    const inner = text.slice(1, -1);
    return { text: posix ? inner.replace(/\\(["\\$`])/g, '$1') : inner, quoted: true };
  }
  return { text, quoted: false };
}

/**
 * A video path as people type, paste or drag-and-drop it, made into the path it names: spaces
 * and a line break around it dropped, the terminal's quotes or backslash escapes undone
 * (`'/home/ana/my clip.mp4' `, `my\ clip.mp4`), `file://` URLs decoded, `~` and `~/` expanded.
 * http(s) URLs come back trimmed and otherwise untouched. Used by the wizard and by the prompt.
 */
export function normalizeMediaInput(input: string, options: PathOptions = {}): string {
  const posix = options.posix ?? process.platform !== 'win32';
  const trimmed = input.trim();
  if (looksLikeUrl(trimmed)) return trimmed;
  const { text, quoted } = unquote(trimmed, posix);
  if (/^file:\/\//i.test(text)) {
    try {
      return fileURLToPath(text);
    } catch {
      return text;
    }
  }
  // A Windows path (C:\clips\a.mp4) keeps its backslashes whatever the platform.
  const windows = /^[A-Za-z]:\\/.test(text);
  const unescaped = quoted || !posix || windows ? text : text.replace(/\\(.)/g, '$1');
  return expandHome(unescaped, options.home);
}

/**
 * A leading `~` or `~/` made into the home directory, as a shell would have done. The one place it
 * is done: flag and environment values (a shell leaves `--x=~/a` and a quoted '~/a' alone), the
 * wizard and the prompt all go through it. `~user` is left as it is.
 */
export function expandHome(path: string, home: string = homedir()): string {
  if (path === '~') return home;
  if (/^~[\\/]/.test(path)) return `${home.replace(/[\\/]$/, '')}${path.slice(1)}`;
  return path;
}
