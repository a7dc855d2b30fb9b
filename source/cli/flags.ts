import { UsageError } from '../shared/errors.js';
import { didYouMean } from './suggest.js';

export type FlagType = 'string' | 'boolean' | 'number';

/** Where a flag applies: a publish action, or a command. A flag given anywhere else is refused. */
export type Scope =
  | 'authorize'
  | 'video'
  | 'post'
  | 'last-from-feed'
  | 'random-from-feed'
  | 'schedule'
  | 'accounts'
  | 'status'
  | 'history'
  | 'store'
  | 'wizard';

/** Scope groups, for the table below. */
export const POSTS: readonly Scope[] = ['video', 'post'];
export const FEEDS: readonly Scope[] = ['last-from-feed', 'random-from-feed'];
export const RUNS: readonly Scope[] = [...POSTS, ...FEEDS, 'schedule'];
export const PUBLISH: readonly Scope[] = ['authorize', ...RUNS];
/** Every command and action (global flags: --debug, --store, --sandbox…). */
export const ALL: readonly Scope[] = [...PUBLISH, 'accounts', 'status', 'history', 'store', 'wizard'];

export interface FlagSpec<N extends string = string, T extends FlagType = FlagType> {
  name: N;
  type: T;
  /** The environment variable the flag falls back to (the seed's names). */
  env?: string;
  help: string;
  /** The actions and commands the flag applies to. */
  scope: readonly Scope[];
}

const s = <N extends string>(
  name: N,
  env: string | undefined,
  help: string,
  scope: readonly Scope[] = ALL,
): FlagSpec<N, 'string'> => ({ name, type: 'string', env, help, scope });
const b = <N extends string>(
  name: N,
  env: string | undefined,
  help: string,
  scope: readonly Scope[] = ALL,
): FlagSpec<N, 'boolean'> => ({ name, type: 'boolean', env, help, scope });
const n = <N extends string>(
  name: N,
  env: string | undefined,
  help: string,
  scope: readonly Scope[] = ALL,
): FlagSpec<N, 'number'> => ({ name, type: 'number', env, help, scope });

/** Every flag `agoras publish` understands, with its environment twin. */
export const PUBLISH_FLAGS = [
  s('network', undefined, 'must be tiktok'),
  s('action', undefined, 'authorize | video | post | last-from-feed | random-from-feed | schedule'),
  s('tiktok-username', 'TIKTOK_USERNAME', 'name of the saved account'),
  s('tiktok-client-key', 'TIKTOK_CLIENT_KEY', "your TikTok app's client key"),
  s('tiktok-client-secret', 'TIKTOK_CLIENT_SECRET', "your TikTok app's client secret"),
  s(
    'tiktok-redirect-uri',
    'TIKTOK_REDIRECT_URI',
    'registered loopback redirect URI (default http://127.0.0.1:3455/callback/)',
  ),
  s('tiktok-video-url', 'TIKTOK_VIDEO_URL', 'video: an http(s) URL or a local file (MP4, MOV, WebM)'),
  s('tiktok-title', 'TIKTOK_TITLE', 'caption (video ≤ 2200, photo ≤ 90 characters)'),
  s('tiktok-description', 'TIKTOK_DESCRIPTION', 'photo post description (≤ 4000)'),
  s(
    'tiktok-privacy-status',
    'TIKTOK_PRIVACY_STATUS',
    'PUBLIC_TO_EVERYONE | MUTUAL_FOLLOW_FRIENDS | FOLLOWER_OF_CREATOR | SELF_ONLY',
  ),
  b('tiktok-allow-comments', 'TIKTOK_ALLOW_COMMENTS', 'allow comments (default: true)'),
  b('tiktok-allow-duet', 'TIKTOK_ALLOW_DUET', 'allow duets, videos only (default: true)'),
  b('tiktok-allow-stitch', 'TIKTOK_ALLOW_STITCH', 'allow stitches, videos only (default: true)'),
  b('tiktok-auto-add-music', 'TIKTOK_AUTO_ADD_MUSIC', 'photo posts: let TikTok add music (default: false)'),
  b('brand-organic', 'BRAND_ORGANIC', 'your own brand: "Promotional content" label'),
  b('brand-content', 'BRAND_CONTENT', 'branded content: "Paid partnership" label (not with SELF_ONLY)'),
  s(
    'status-image-url-1',
    'STATUS_IMAGE_URL_1',
    'photo post image 1 (a JPEG or WebP URL; TikTok refuses PNG)',
  ),
  s('status-image-url-2', 'STATUS_IMAGE_URL_2', 'photo post image 2'),
  s('status-image-url-3', 'STATUS_IMAGE_URL_3', 'photo post image 3'),
  s('status-image-url-4', 'STATUS_IMAGE_URL_4', 'photo post image 4'),
  s(
    'tiktok-video-source',
    'TIKTOK_VIDEO_SOURCE',
    'upload (default: agoras sends the bytes) | pull (TikTok fetches a verified URL)',
  ),
  s('tiktok-post-mode', 'TIKTOK_POST_MODE', 'direct (default) | inbox (a draft in your TikTok inbox)'),
  b('tiktok-aigc', 'TIKTOK_AIGC', 'label the video as AI-generated'),
  n('tiktok-cover-ms', 'TIKTOK_COVER_MS', 'video frame to use as cover, in milliseconds'),
  s('feed-url', 'FEED_URL', 'RSS/Atom feed to post from'),
  n('max-count', 'MAX_COUNT', 'last-from-feed: how many entries at most (default 1)'),
  n(
    'post-lookback',
    'POST_LOOKBACK',
    'last-from-feed: only entries newer than this many seconds (default 3600)',
  ),
  n('max-post-age', 'MAX_POST_AGE', 'random-from-feed: only entries newer than this many days (default 365)'),
  s('google-sheets-id', 'GOOGLE_SHEETS_ID', 'schedule: spreadsheet id'),
  s('google-sheets-name', 'GOOGLE_SHEETS_NAME', 'schedule: sheet (tab) name'),
  s('google-sheets-client-email', 'GOOGLE_SHEETS_CLIENT_EMAIL', 'schedule: service account email'),
  s('google-sheets-private-key', 'GOOGLE_SHEETS_PRIVATE_KEY', 'schedule: service account private key (PEM)'),
  n(
    'schedule-grace',
    'SCHEDULE_GRACE',
    'schedule: seconds a row may still post after its hour is over (default 3600)',
  ),
  b('dry-run', undefined, 'feeds and schedule: print what would be posted, post nothing'),
  b(
    'retry-uncertain',
    'AGORAS_RETRY_UNCERTAIN',
    'feeds and schedule: post again items an earlier run may have posted (TikTok could not tell)',
  ),
  b(
    'allow-private-media',
    'AGORAS_ALLOW_PRIVATE_MEDIA',
    'feeds and schedule: media may be on loopback, link-local or private addresses',
  ),
  b('fix-media', 'AGORAS_FIX_MEDIA', 'convert a copy of media TikTok would fail (codec, size, fps…)', POSTS),
  b('trim-to-max', 'AGORAS_TRIM_TO_MAX', "with --fix-media: cut a video to the account's limit", ['video']),
  s('media-host-dir', 'AGORAS_MEDIA_HOST_DIR', 'local photos: a dir your verified domain serves', ['post']),
  s('media-host-cmd', 'AGORAS_MEDIA_HOST_CMD', "local photos: upload command, e.g. 'cp {file} /srv/{name}'", [
    'post',
  ]),
  s('media-host-url', 'AGORAS_MEDIA_HOST_URL', 'local photos: the URL prefix that serves them', ['post']),
  b('media-host-keep', 'AGORAS_MEDIA_HOST_KEEP', "keep the host dir's copies after the post", ['post']),
  b('headless', 'AGORAS_HEADLESS', 'never prompt (cron)'),
  b('yes', undefined, 'skip the final question (post, remove an account) for scripts'),
  b(
    'browser',
    undefined,
    'authorize: open the browser (--no-browser prints the URL; also AGORAS_NO_BROWSER=1)',
  ),
  b('wait', undefined, 'wait for TikTok to finish processing (--no-wait returns after upload)'),
  n('wait-timeout', undefined, 'status --wait: give up (exit 5) after this many seconds (default 600)'),
  b('sandbox', undefined, 'run against the built-in TikTok sandbox'),
  s(
    'store',
    'AGORAS_STORE',
    'where accounts, tokens and the ledger live: file: (default) or redis://host:port/db',
  ),
  b(
    'store-insecure',
    'AGORAS_STORE_INSECURE',
    'allow tokens in a plain redis:// store without AGORAS_STORE_KEY',
  ),
  s('to', undefined, 'store migrate: the store to copy into (file: or redis://…)'),
  b('debug', 'AGORAS_DEBUG', 'show stack traces'),
  b('json', undefined, 'machine-readable output'),
  b('help', undefined, 'show help'),
  b('version', undefined, 'show the version'),
] as const;

type Spec = (typeof PUBLISH_FLAGS)[number];
type ValueOf<T extends FlagType> = T extends 'string' ? string : T extends 'boolean' ? boolean : number;

/** Every flag's name: a misspelt one is a type error. */
export type FlagName = Spec['name'];
type NamesOf<T extends FlagType> = Extract<Spec, { type: T }>['name'];
export type StringFlag = NamesOf<'string'>;
export type BooleanFlag = NamesOf<'boolean'>;
export type NumberFlag = NamesOf<'number'>;

/** The parsed flags, each typed by the table: strings, booleans and numbers need no casts. */
export type FlagValues = { [S in Spec as S['name']]?: ValueOf<S['type']> };

export interface ParsedArgs {
  positionals: string[];
  values: FlagValues;
  /** Flags given on the command line or by env var (as opposed to defaults). */
  explicit: Set<FlagName>;
  /** Flags typed on the command line itself. */
  onCommandLine: Set<FlagName>;
}

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

/** Parses argv: `--x v`, `--x=v`; booleans `--x`, `--x=true|false`, `--no-x`; then env twins; the flag wins. */
export function parseFlags(argv: string[], specs: readonly FlagSpec[], env: NodeJS.ProcessEnv): ParsedArgs {
  const byName = new Map<string, FlagSpec>(specs.map((spec) => [spec.name, spec]));
  // Filled by name from the table: the names are checked against it as they are read.
  const values: Record<string, string | boolean | number> = {};
  const explicit = new Set<string>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--') || arg === '--') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    let name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    let inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    let spec = byName.get(name);
    if (
      !spec &&
      name.startsWith('no-') &&
      byName.get(name.slice(3))?.type === 'boolean' &&
      inline === undefined
    ) {
      name = name.slice(3);
      spec = byName.get(name);
      inline = 'false';
    }
    if (!spec) {
      const hint = didYouMean(name, [...byName.keys()], '--') ?? 'see agoras help';
      throw new UsageError(`Unknown option --${name}.`, { hint });
    }
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
      values[name] = inline === undefined ? true : toBoolean(inline, `--${name}`);
    } else {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value.`);
      values[name] = spec.type === 'number' ? toNumber(value, `--${name}`) : value;
    }
    explicit.add(name);
  }
  const onCommandLine = new Set(explicit);
  for (const spec of specs) {
    if (values[spec.name] !== undefined || !spec.env) continue;
    const raw = env[spec.env];
    if (raw === undefined || raw === '') continue;
    const where = `${spec.env} (for --${spec.name})`;
    values[spec.name] =
      spec.type === 'boolean' ? toBoolean(raw, where) : spec.type === 'number' ? toNumber(raw, where) : raw;
    explicit.add(spec.name);
  }
  return {
    positionals,
    values: values as FlagValues,
    explicit: explicit as Set<FlagName>,
    onCommandLine: onCommandLine as Set<FlagName>,
  };
}

/** The flag and its env var, for "missing input" messages. */
export function flagLabel(name: FlagName, specs: readonly FlagSpec[] = PUBLISH_FLAGS): string {
  const env = specs.find((spec) => spec.name === name)?.env;
  return env ? `--${name} (or ${env})` : `--${name}`;
}
