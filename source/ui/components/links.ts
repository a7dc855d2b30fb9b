/**
 * Whether the terminal draws OSC 8 hyperlinks (a clickable word) rather than printing their
 * escape codes. Like the supports-hyperlinks package: FORCE_HYPERLINK decides, else the terminals
 * known to support them. tmux and unknown terminals get the plain URL instead.
 */
export function supportsHyperlinks(
  env: NodeJS.ProcessEnv = process.env,
  isTTY = Boolean(process.stdout.isTTY),
) {
  if (env.FORCE_HYPERLINK !== undefined) return env.FORCE_HYPERLINK !== '0';
  if (!isTTY || env.NO_HYPERLINKS || env.TMUX || env.STY) return false;
  if (env.WT_SESSION || env.KONSOLE_VERSION || env.DOMTERM || env.TERM === 'xterm-kitty') return true;
  if (Number(env.VTE_VERSION ?? 0) >= 5000) return true;
  const program = env.TERM_PROGRAM ?? '';
  if (['WezTerm', 'vscode', 'ghostty', 'Hyper', 'kitty'].includes(program)) return true;
  if (program === 'iTerm.app') {
    const [major = 0, minor = 0] = (env.TERM_PROGRAM_VERSION ?? '').split('.').map(Number);
    return major > 3 || (major === 3 && minor >= 1);
  }
  return false;
}

/** The text as a terminal hyperlink to the URL, or followed by the URL where links are not drawn. */
export function link(text: string, url: string, hyperlinks: boolean): string {
  return hyperlinks ? `\u001b]8;;${url}\u0007${text}\u001b]8;;\u0007` : `${text} (${url})`;
}
