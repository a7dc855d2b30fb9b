import { UsageError } from '../shared/errors.js';
import { ALIASES, type FlagName, type FlagSpec, type ParsedArgs, PUBLISH_FLAGS, REFUSED } from './flags.js';
import { didYouMean } from './suggest.js';

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

function toBoolean(value: string, where: string): boolean {
  const v = value.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  throw new UsageError(`${where} must be true or false, not '${value}'.`);
}

function toNumber(value: string, where: string): number {
  const num = Number(value);
  if (value.trim() === '' || !Number.isFinite(num) || num < 0) {
    throw new UsageError(`${where} must be a non-negative number, not '${value}'.`);
  }
  return num;
}

/** Every spelling a flag answers to (`--tiktok-title`, `-tt`, `--title`) → its spec. */
function spellings(specs: readonly FlagSpec[]): Map<string, FlagSpec> {
  const map = new Map<string, FlagSpec>();
  for (const spec of specs) {
    map.set(`--${spec.name}`, spec);
    for (const alias of ALIASES[spec.name as FlagName]?.flags ?? []) map.set(alias, spec);
  }
  return map;
}

function unknownOption(token: string, known: Map<string, FlagSpec>): UsageError {
  const refusal = REFUSED[token];
  if (refusal) return new UsageError(`agoras has no ${token} option.`, { hint: refusal });
  const long = token.startsWith('--');
  const names = [...known.keys()].filter((k) => k.startsWith('--') === long).map((k) => k.replace(/^-+/, ''));
  const hint = didYouMean(token.replace(/^-+/, ''), names, long ? '--' : '-') ?? 'see agoras help';
  return new UsageError(`Unknown option ${token}.`, { hint });
}

/** A word that is an option: `--x`, or a short `-x` (not `-` alone, not a negative number). */
const isOption = (arg: string) => arg.startsWith('-') && arg !== '-' && !/^-\d/.test(arg);

/**
 * Parses argv against the flag table: `--x v`, `--x=v`, Agoras' short forms (`-tu v`, `-tu=v`) and
 * other names; booleans `--x`, `--x true|false`, `--x=…`, `--no-x`; then the env twins (the seed's
 * names and Agoras'); a flag on the line wins. Anything unknown is refused, never taken as a word.
 */
export function parseFlags(
  argv: readonly string[],
  specs: readonly FlagSpec[] = PUBLISH_FLAGS,
  env: NodeJS.ProcessEnv = {},
): ParsedArgs {
  const known = spellings(specs);
  const values: Record<string, string | boolean | number> = {};
  const explicit = new Set<string>();
  const positionals: string[] = [];
  const spelled = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!isOption(arg)) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    let token = eq >= 0 ? arg.slice(0, eq) : arg;
    let inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    let spec = known.get(token);
    if (!spec && token.startsWith('--no-') && inline === undefined) {
      const negated = known.get(`--${token.slice(5)}`);
      if (negated?.type === 'boolean') {
        spec = negated;
        token = `--${negated.name}`;
        inline = 'false';
      }
    }
    if (!spec) throw unknownOption(token, known);
    const earlier = spelled.get(spec.name);
    if (earlier !== undefined && earlier !== token) {
      // `-tt A --tiktok-title B`: two names for one flag: say so rather than pick one.
      throw new UsageError(`${earlier} and ${token} are the same flag, given twice.`);
    }
    spelled.set(spec.name, token);
    if (spec.type === 'boolean') {
      const next = argv[i + 1];
      if (
        inline === undefined &&
        next !== undefined &&
        (TRUE.has(next.toLowerCase()) || FALSE.has(next.toLowerCase()))
      ) {
        inline = next;
        i++;
      }
      values[spec.name] = inline === undefined ? true : toBoolean(inline, token);
    } else {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`${token} needs a value.`);
      values[spec.name] = spec.type === 'number' ? toNumber(value, token) : value;
    }
    explicit.add(spec.name);
  }
  const onCommandLine = new Set(explicit);
  const fromEnv = new Map<string, string>();
  for (const spec of specs) {
    if (values[spec.name] !== undefined) continue;
    const names = [spec.env, ...(ALIASES[spec.name as FlagName]?.env ?? [])].filter((v): v is string => !!v);
    const set = names.filter((name) => env[name] !== undefined && env[name] !== '');
    if (set.length === 0) continue;
    const read = (name: string) => {
      const raw = env[name]!;
      const where = `${name} (for --${spec.name})`;
      return spec.type === 'boolean'
        ? toBoolean(raw, where)
        : spec.type === 'number'
          ? toNumber(raw, where)
          : raw;
    };
    const [first, ...others] = set;
    const value = read(first!);
    // BRAND_ORGANIC=false beside TIKTOK_BRAND_ORGANIC=true: refuse rather than pick one.
    const differs = others.find((name) => read(name) !== value);
    if (differs) {
      throw new UsageError(`${first} and ${differs} both set --${spec.name}, to different values.`, {
        hint: `unset one of them`,
      });
    }
    values[spec.name] = value;
    explicit.add(spec.name);
    fromEnv.set(spec.name, first!);
  }
  return {
    positionals,
    values: values as ParsedArgs['values'],
    explicit: explicit as Set<FlagName>,
    onCommandLine: onCommandLine as Set<FlagName>,
    fromEnv: fromEnv as Map<FlagName, string>,
  };
}
