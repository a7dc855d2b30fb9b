import { UsageError } from '../shared/errors.js';
import { checkPublishTarget } from './actions.js';
import { COMMANDS } from './commands.js';
import {
  ALL,
  type FlagName,
  type FlagSpec,
  type ParsedArgs,
  PUBLISH,
  PUBLISH_FLAGS,
  type Scope,
} from './flags.js';
import { unknownCommand } from './help-topic.js';
import { parseFlags } from './parse-argv.js';

/** A command line resolved: the command, where its flags must belong, and the parsed flags. */
export interface CommandLine {
  /** undefined: `agoras` alone (the wizard). */
  command?: string;
  /** The action of `publish`, or the command itself: the flags given must belong here. */
  scope: Scope;
  args: ParsedArgs;
  /** Agoras' platform-first form (`agoras tiktok video …`), translated into the seed's. */
  form: 'seed' | 'agoras';
  /** Flags from the environment that do not belong to this scope: dropped, said with --debug. */
  ignoredEnv: string[];
}

const PLATFORM_ACTIONS = ['authorize', 'video', 'post'];

/**
 * Agoras 2.x/3.0's forms (`agoras tiktok video`, `agoras utils feed-publish --mode last`,
 * `agoras utils tokens list`) as the seed's command and action. Returns the rest of the words.
 */
function translate(args: ParsedArgs): { command?: string; rest: string[]; form: CommandLine['form'] } {
  const [first, second, ...rest] = args.positionals;
  const values = args.values;
  const publish = (action: string) => {
    values.network ??= 'tiktok';
    if (values.action !== undefined && values.action !== action)
      throw new UsageError(`--action ${values.action} contradicts 'agoras ${first} ${second}'.`);
    values.action = action;
    args.explicit.add('action');
    return { command: 'publish', rest, form: 'agoras' as const };
  };
  if (first === 'tiktok') {
    if (second === undefined || !PLATFORM_ACTIONS.includes(second))
      throw new UsageError(`Unknown TikTok action '${second ?? ''}'.`, {
        hint: `use agoras tiktok ${PLATFORM_ACTIONS.join('|')}, or agoras publish --action …`,
      });
    return publish(second);
  }
  if (first === 'utils') {
    if (second === 'feed-publish') {
      const mode = values.mode;
      if (mode !== 'last' && mode !== 'random')
        throw new UsageError(`agoras utils feed-publish needs --mode last or random, not '${mode ?? ''}'.`);
      return publish(`${mode}-from-feed`);
    }
    if (second === 'schedule-run') return publish('schedule');
    if (second === 'tokens' && (rest[0] === 'list' || rest[0] === 'show')) {
      if (values.platform !== undefined && values.platform.toLowerCase() !== 'tiktok')
        throw new UsageError(`This agoras keeps TikTok accounts only, not '${values.platform}'.`);
      return { command: 'accounts', rest: rest.slice(1), form: 'agoras' };
    }
    throw new UsageError(`Unknown command 'agoras utils ${[second, ...rest].join(' ')}'.`, {
      hint: 'agoras utils feed-publish | schedule-run | tokens list (see README: Coming from Agoras)',
    });
  }
  return { command: first, rest: args.positionals.slice(1), form: 'seed' };
}

/** "--action video" or "agoras status": where a flag was refused. */
function scopeLabel(scope: Scope): string {
  if (scope === 'wizard') return 'the wizard (agoras alone)';
  return COMMANDS.some(([name]) => name === scope) ? `agoras ${scope}` : `--action ${scope}`;
}

/** The flags a scope takes that are particular to it (not the ones every command takes). */
export function flagsOf(scope: Scope, specs: readonly FlagSpec[] = PUBLISH_FLAGS): string[] {
  // Left out: the flags every command, or every publish action, takes (help lists those apart),
  // except the login's own for authorize.
  const everywhere = (spec: FlagSpec) =>
    ALL.every((s) => spec.scope.includes(s)) ||
    ['network', 'action', 'dry-run', 'show-migration'].includes(spec.name) ||
    (scope !== 'authorize' && PUBLISH.every((s) => spec.scope.includes(s)));
  return specs.filter((spec) => spec.scope.includes(scope) && !everywhere(spec)).map((spec) => spec.name);
}

/**
 * Refuses a flag typed for a command or action it does not belong to (exit 2), naming what it
 * takes; a variable from the environment that does not belong is dropped (a cron environment is
 * shared by many commands) and listed for --debug.
 */
export function checkScope(args: ParsedArgs, scope: Scope): string[] {
  const specs = new Map(PUBLISH_FLAGS.map((spec) => [spec.name as string, spec]));
  const foreign = [...args.onCommandLine].filter((name) => !specs.get(name)?.scope.includes(scope));
  if (foreign.length > 0) {
    const listed = foreign.map((name) => `--${name}`).join(', ');
    const takes = flagsOf(scope).map((name) => `--${name}`);
    throw new UsageError(
      `${listed} ${foreign.length > 1 ? 'do' : 'does'} not apply to ${scopeLabel(scope)}.`,
      {
        hint:
          takes.length > 0
            ? `it takes ${takes.join(', ')}`
            : `it takes only the common flags (see agoras help)`,
      },
    );
  }
  const ignored: string[] = [];
  for (const [name, variable] of args.fromEnv) {
    if (specs.get(name)?.scope.includes(scope)) continue;
    delete args.values[name as FlagName];
    args.explicit.delete(name);
    args.fromEnv.delete(name);
    ignored.push(`${variable} (--${name} does not apply to ${scopeLabel(scope)})`);
  }
  return ignored;
}

/** argv → the command, its scope and its flags, checked: nothing given is dropped unsaid. */
export function resolveCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv): CommandLine {
  const args = parseFlags(argv, PUBLISH_FLAGS, env);
  const { command, rest, form } = translate(args);
  if (command !== undefined && !COMMANDS.some(([name]) => name === command)) throw unknownCommand(command);
  args.positionals = command === undefined ? [] : [command, ...rest];
  let scope: Scope;
  if (command === 'publish') scope = checkPublishTarget(args.values);
  else if (command === undefined) scope = 'wizard';
  else scope = command as Scope;
  // The platform-first forms name the network in the command: --mode and --platform belong there only.
  if (form === 'seed') {
    for (const name of ['mode', 'platform'] as const)
      if (args.onCommandLine.has(name))
        throw new UsageError(`--${name} belongs to Agoras' agoras utils form, not ${scopeLabel(scope)}.`);
  }
  const ignoredEnv = ['sandbox', 'completion', 'help'].includes(scope) ? [] : checkScope(args, scope);
  return { ...(command !== undefined ? { command } : {}), scope, args, form, ignoredEnv };
}
