import { UsageError } from '../shared/errors.js';
import { ACTIONS } from './actions.js';
import { COMMANDS } from './commands.js';
import { PUBLISH_FLAGS, type Scope } from './flags.js';

const PRIVACY = 'PUBLIC_TO_EVERYONE MUTUAL_FOLLOW_FRIENDS FOLLOWER_OF_CREATOR SELF_ONLY';

/** Values a flag takes, for completion; files for paths, nothing for free text. */
function valuesOf(name: string): string | undefined {
  if (name === 'action') return ACTIONS.join(' ');
  if (name === 'network') return 'tiktok';
  if (name === 'tiktok-privacy-status') return PRIVACY;
  if (name === 'tiktok-video-source') return 'upload pull';
  if (name === 'tiktok-post-mode') return 'direct inbox';
  return undefined;
}

const FILE_FLAGS = new Set(['tiktok-video-url', 'google-sheets-private-key']);
const commands = () => COMMANDS.map(([name]) => name);
const flagNames = () =>
  PUBLISH_FLAGS.flatMap((f) => (f.type === 'boolean' ? [`--${f.name}`, `--no-${f.name}`] : [`--${f.name}`]));

/** The flags of one scope (an action or a command), as completion offers them. */
const flagsIn = (scope: Scope) =>
  PUBLISH_FLAGS.filter((f) => f.scope.includes(scope)).flatMap((f) =>
    f.type === 'boolean' ? [`--${f.name}`, `--no-${f.name}`] : [`--${f.name}`],
  );

/** One bash case per action and command, each offering its own flags. */
function scopeCases(): string {
  const scopes: Scope[] = [...ACTIONS, 'accounts', 'status', 'history', 'store'];
  return scopes
    .map((s) => `      ${s}) COMPREPLY=($(compgen -W "${flagsIn(s).join(' ')}" -- "$cur")) ;;`)
    .join('\n');
}

function bash(): string {
  const cases = PUBLISH_FLAGS.map((f) => {
    const values = valuesOf(f.name);
    if (values) return `    --${f.name}) COMPREPLY=($(compgen -W "${values}" -- "$cur")); return ;;`;
    if (FILE_FLAGS.has(f.name)) return `    --${f.name}) COMPREPLY=($(compgen -f -- "$cur")); return ;;`;
    return undefined;
  }).filter(Boolean);
  return `# bash completion for agoras: agoras completion bash > ~/.local/share/bash-completion/completions/agoras
_agoras() {
  local cur prev
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  case "$prev" in
${cases.join('\n')}
  esac
  if [[ "$cur" == -* ]]; then
    # Only the flags of the action (or command) on the line: the same table refuses the others.
    local scope="\${COMP_WORDS[1]}" i
    for ((i = 1; i < COMP_CWORD; i++)); do
      [[ "\${COMP_WORDS[i]}" == --action || "\${COMP_WORDS[i]}" == -a ]] && scope="\${COMP_WORDS[i+1]}"
    done
    case "$scope" in
${scopeCases()}
      *) COMPREPLY=($(compgen -W "${flagNames().join(' ')}" -- "$cur")) ;;
    esac
  elif [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W "${commands().join(' ')}" -- "$cur"))
  elif [[ "\${COMP_WORDS[1]}" == accounts && $COMP_CWORD -eq 2 ]]; then
    COMPREPLY=($(compgen -W "remove default" -- "$cur"))
  elif [[ "\${COMP_WORDS[1]}" == completion ]]; then
    COMPREPLY=($(compgen -W "bash zsh fish" -- "$cur"))
  fi
}
complete -o default -F _agoras agoras
`;
}

const zshQuote = (text: string) => text.replace(/'/g, "'\\''").replace(/[[\]]/g, '\\$&');

function zsh(): string {
  const specs = PUBLISH_FLAGS.flatMap((f) => {
    const values = valuesOf(f.name);
    const action = values
      ? `:${f.name}:(${values})`
      : FILE_FLAGS.has(f.name)
        ? ':file:_files'
        : f.type === 'boolean'
          ? ''
          : `:${f.name}:`;
    const main = `    '--${f.name}[${zshQuote(f.help)}]${action}'`;
    return f.type === 'boolean' ? [main, `    '--no-${f.name}[turn off --${f.name}]'`] : [main];
  });
  return `#compdef agoras
# zsh completion for agoras: agoras completion zsh > "\${fpath[1]}/_agoras"
_agoras() {
  _arguments -s \\
    '1:command:(${commands().join(' ')})' \\
    '*:argument:_files' \\
${specs.join(' \\\n')}
}
_agoras "$@"
`;
}

function fish(): string {
  const lines = [
    '# fish completion for agoras: agoras completion fish > ~/.config/fish/completions/agoras.fish',
    `complete -c agoras -f -n '__fish_use_subcommand' -a '${commands().join(' ')}'`,
    "complete -c agoras -f -n '__fish_seen_subcommand_from accounts' -a 'remove default'",
    "complete -c agoras -f -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'",
  ];
  for (const f of PUBLISH_FLAGS) {
    const values = valuesOf(f.name);
    const help = f.help.replace(/'/g, "\\'");
    const takes =
      f.type === 'boolean' ? '' : FILE_FLAGS.has(f.name) ? ' -r -F' : values ? ` -x -a '${values}'` : ' -x';
    lines.push(`complete -c agoras -l ${f.name}${takes} -d '${help}'`);
    if (f.type === 'boolean') lines.push(`complete -c agoras -l no-${f.name} -d 'turn off --${f.name}'`);
  }
  return `${lines.join('\n')}\n`;
}

/** `agoras completion bash|zsh|fish`: the script, made from the one flag table. */
export function completionScript(shell: string | undefined): string {
  if (shell === 'bash') return bash();
  if (shell === 'zsh') return zsh();
  if (shell === 'fish') return fish();
  throw new UsageError(shell ? `No completion for '${shell}'.` : 'Which shell?', {
    hint: 'use agoras completion bash, zsh or fish',
  });
}
