import { ALIASES, type FlagName, type FlagSpec, PUBLISH_FLAGS } from './flags.js';

/** Help pages are read in 80 columns: no line is wider. */
export const HELP_WIDTH = 80;

/**
 * Greedy word wrap for the help's own sentences (plain text, one column a character): light
 * enough that `agoras --help` loads no text-layout library.
 */
function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && [...line].length + 1 + [...word].length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

const ARG: Partial<Record<FlagName, string>> = {
  network: 'tiktok',
  action: 'ACTION',
  'tiktok-username': 'NAME',
  'tiktok-client-key': 'KEY',
  'tiktok-client-secret': 'SECRET',
  'tiktok-redirect-uri': 'URI',
  'tiktok-video-url': 'URL|FILE',
  'tiktok-title': 'TEXT',
  'tiktok-description': 'TEXT',
  'tiktok-privacy-status': 'LEVEL',
  'tiktok-video-source': 'upload|pull',
  'tiktok-post-mode': 'direct|inbox',
  'tiktok-cover-ms': 'MS',
  'feed-url': 'URL',
  'google-sheets-id': 'ID',
  'google-sheets-name': 'NAME',
  'google-sheets-client-email': 'EMAIL',
  'google-sheets-private-key': 'PEM|FILE',
};

/** The placeholder a flag's value is shown with ("--tiktok-title TEXT"), none for a boolean. */
export function flagArgument(spec: FlagSpec): string {
  if (spec.type === 'boolean') return '';
  return ARG[spec.name as FlagName] ?? (spec.type === 'number' ? 'N' : 'VALUE');
}

function specOf(name: FlagName): FlagSpec {
  return PUBLISH_FLAGS.find((f) => f.name === name)!;
}

/**
 * Flags as a help page lists them: the flag and its value, then what it does wrapped within 80
 * columns, with its environment variable.
 */
export function flagLines(names: readonly FlagName[]): string[] {
  const column = 34;
  const lines: string[] = [];
  for (const name of names) {
    const spec = specOf(name);
    const arg = flagArgument(spec);
    const head = `  --${spec.name}${arg ? ` ${arg}` : ''}`;
    // Every name it answers to: its env twins (the seed's and Agoras'), Agoras' short and long forms.
    const alias = ALIASES[name];
    const envs = [spec.env, ...(alias?.env ?? [])].filter(Boolean);
    const also = (alias?.flags ?? []).filter((f) => f !== '-h' && f !== '-v');
    const help = `${spec.help}${envs.length ? ` [${envs.join(', ')}]` : ''}${also.length ? ` (also ${also.join(', ')})` : ''}`;
    const body = wrapWords(help, HELP_WIDTH - column);
    if (head.length + 2 <= column) {
      lines.push(`${head.padEnd(column)}${body[0] ?? ''}`);
      for (const line of body.slice(1)) lines.push(`${' '.repeat(column)}${line}`);
    } else {
      lines.push(head);
      for (const line of body) lines.push(`${' '.repeat(column)}${line}`);
    }
  }
  return lines;
}

/** Lines made to fit 80 columns: a longer one wraps, its continuation indented under it. */
export function fitLines(lines: readonly string[]): string[] {
  return lines.flatMap((line) => {
    if ([...line].length <= HELP_WIDTH) return [line];
    const indent = /^ */.exec(line)![0];
    const more = indent === '' ? '' : `${indent}  `;
    return wrapWords(line.trimStart(), HELP_WIDTH - more.length).map((l, i) =>
      i === 0 ? `${indent}${l}` : `${more}${l}`,
    );
  });
}

/** A section: its title, then its lines, each within 80 columns. */
export function section(title: string, lines: readonly string[]): string {
  return `${title}\n${fitLines(lines).join('\n')}`;
}
