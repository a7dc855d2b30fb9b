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
/** Runs of many posts: the feeds and the schedule. */
export const BATCHES: readonly Scope[] = [...FEEDS, 'schedule'];
/** Where a video can be posted (a feed's or a sheet's entry may be a video). */
export const VIDEOS: readonly Scope[] = ['video', ...BATCHES];
/** Where photos can be posted. */
export const PHOTOS: readonly Scope[] = ['post', ...BATCHES];
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
  s('network', undefined, 'must be tiktok', PUBLISH),
  s('action', undefined, 'authorize | video | post | last-from-feed | random-from-feed | schedule', PUBLISH),
  s('tiktok-username', 'TIKTOK_USERNAME', 'name of the saved account', [...PUBLISH, 'status', 'history']),
  s('tiktok-client-key', 'TIKTOK_CLIENT_KEY', "your TikTok app's client key", PUBLISH),
  s('tiktok-client-secret', 'TIKTOK_CLIENT_SECRET', "your TikTok app's client secret", PUBLISH),
  s(
    'tiktok-redirect-uri',
    'TIKTOK_REDIRECT_URI',
    'registered loopback redirect URI (default http://127.0.0.1:3455/callback/)',
    ['authorize'],
  ),
  s('tiktok-video-url', 'TIKTOK_VIDEO_URL', 'video: an http(s) URL or a local file (MP4, MOV, WebM)', [
    'video',
  ]),
  s('tiktok-title', 'TIKTOK_TITLE', 'caption (video ≤ 2200, photo ≤ 90 characters)', POSTS),
  s('tiktok-description', 'TIKTOK_DESCRIPTION', 'photo post description (≤ 4000)', ['post']),
  s(
    'tiktok-privacy-status',
    'TIKTOK_PRIVACY_STATUS',
    'PUBLIC_TO_EVERYONE | MUTUAL_FOLLOW_FRIENDS | FOLLOWER_OF_CREATOR | SELF_ONLY',
    RUNS,
  ),
  b('tiktok-allow-comments', 'TIKTOK_ALLOW_COMMENTS', 'allow comments (default: true)', RUNS),
  b('tiktok-allow-duet', 'TIKTOK_ALLOW_DUET', 'allow duets, videos only (default: true)', VIDEOS),
  b('tiktok-allow-stitch', 'TIKTOK_ALLOW_STITCH', 'allow stitches, videos only (default: true)', VIDEOS),
  b(
    'tiktok-auto-add-music',
    'TIKTOK_AUTO_ADD_MUSIC',
    'photo posts: let TikTok add music (default: false)',
    PHOTOS,
  ),
  b('brand-organic', 'BRAND_ORGANIC', 'your own brand: "Promotional content" label', RUNS),
  b('brand-content', 'BRAND_CONTENT', 'branded content: "Paid partnership" label (not with SELF_ONLY)', RUNS),
  s(
    'status-image-url-1',
    'STATUS_IMAGE_URL_1',
    'photo post image 1 (a JPEG or WebP URL; TikTok refuses PNG)',
    ['post'],
  ),
  s('status-image-url-2', 'STATUS_IMAGE_URL_2', 'photo post image 2', ['post']),
  s('status-image-url-3', 'STATUS_IMAGE_URL_3', 'photo post image 3', ['post']),
  s('status-image-url-4', 'STATUS_IMAGE_URL_4', 'photo post image 4', ['post']),
  s(
    'tiktok-video-source',
    'TIKTOK_VIDEO_SOURCE',
    'upload (default: agoras sends the bytes) | pull (TikTok fetches a verified URL)',
    VIDEOS,
  ),
  s('tiktok-post-mode', 'TIKTOK_POST_MODE', 'direct (default) | inbox (a draft in your TikTok inbox)', RUNS),
  b('tiktok-aigc', 'TIKTOK_AIGC', 'label the video as AI-generated', ['video']),
  n('tiktok-cover-ms', 'TIKTOK_COVER_MS', 'video frame to use as cover, in milliseconds', ['video']),
  s('feed-url', 'FEED_URL', 'RSS/Atom feed to post from', FEEDS),
  n('max-count', 'MAX_COUNT', 'last-from-feed: how many entries at most (default 1)', ['last-from-feed']),
  n(
    'post-lookback',
    'POST_LOOKBACK',
    'last-from-feed: only entries newer than this many seconds (default 3600)',
    ['last-from-feed'],
  ),
  n(
    'max-post-age',
    'MAX_POST_AGE',
    'random-from-feed: only entries newer than this many days (default 365)',
    ['random-from-feed'],
  ),
  s('google-sheets-id', 'GOOGLE_SHEETS_ID', 'schedule: spreadsheet id', ['schedule']),
  s('google-sheets-name', 'GOOGLE_SHEETS_NAME', 'schedule: sheet (tab) name', ['schedule']),
  s('google-sheets-client-email', 'GOOGLE_SHEETS_CLIENT_EMAIL', 'schedule: service account email', [
    'schedule',
  ]),
  s('google-sheets-private-key', 'GOOGLE_SHEETS_PRIVATE_KEY', 'schedule: service account private key (PEM)', [
    'schedule',
  ]),
  n(
    'schedule-grace',
    'SCHEDULE_GRACE',
    'schedule: seconds a row may still post after its hour is over (default 3600)',
    ['schedule'],
  ),
  b('dry-run', undefined, 'run every check, print what would be sent as JSON; send nothing', PUBLISH),
  b(
    'retry-uncertain',
    'AGORAS_RETRY_UNCERTAIN',
    'feeds and schedule: post again items an earlier run may have posted (TikTok could not tell)',
    BATCHES,
  ),
  b(
    'allow-private-media',
    'AGORAS_ALLOW_PRIVATE_MEDIA',
    'feeds and schedule: media may be on loopback, link-local or private addresses',
    BATCHES,
  ),
  s(
    'if-unaudited',
    'AGORAS_IF_UNAUDITED',
    'app not audited by TikTok: self-only | inbox | fail (default)',
    RUNS,
  ),
  n(
    'daily-post-cap',
    'AGORAS_DAILY_POST_CAP',
    'posts in 24 h before a warning; feeds stop there (default 15)',
    [...RUNS, 'accounts'],
  ),
  b('with-stats', 'AGORAS_WITH_STATS', 'authorize: also ask to read views, likes and followers', [
    'authorize',
  ]),
  b('stats', undefined, "history: each post's views, likes, comments, shares", ['history']),
  b('headless', 'AGORAS_HEADLESS', 'never prompt (cron)'),
  b('yes', undefined, 'skip the final question (post, remove an account) for scripts', [
    ...POSTS,
    'accounts',
  ]),
  b(
    'browser',
    undefined,
    'authorize: open the browser (--no-browser prints the URL; also AGORAS_NO_BROWSER=1)',
    ['authorize', 'wizard'],
  ),
  b('wait', undefined, 'wait for TikTok to finish processing (--no-wait returns after upload)', [
    ...RUNS,
    'status',
  ]),
  n('wait-timeout', undefined, 'status --wait: give up (exit 5) after this many seconds (default 600)', [
    'status',
  ]),
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
  s('to', undefined, 'store migrate: the store to copy into (file: or redis://…)', ['store']),
  b('debug', 'AGORAS_DEBUG', 'show stack traces'),
  b('json', undefined, 'machine-readable output', ['accounts', 'status', 'history', 'store']),
  b('show-migration', undefined, 'print the command this one stands for, run nothing', [
    ...PUBLISH,
    'accounts',
  ]),
  s('loglevel', undefined, "Agoras' log level: DEBUG is --debug; others change nothing"),
  s('mode', undefined, 'agoras utils feed-publish: last | random', FEEDS),
  s('platform', undefined, 'agoras utils tokens: must be tiktok', ['accounts']),
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
  /** Flags read from the environment, with the variable each came from. */
  fromEnv: Map<FlagName, string>;
}

/** Other names a flag answers to: Agoras' short flags and its 2.x/3.0 names, and its env variables. */
export const ALIASES: Partial<Record<FlagName, { flags?: readonly string[]; env?: readonly string[] }>> = {
  network: { flags: ['-n'] },
  action: { flags: ['-a'] },
  'tiktok-username': { flags: ['-tu', '--username'] },
  'tiktok-client-key': { flags: ['-tck', '--client-key'] },
  'tiktok-client-secret': { flags: ['-tcs', '--client-secret'] },
  'tiktok-privacy-status': { flags: ['-ty', '--privacy'] },
  'tiktok-video-url': { flags: ['-tv', '--video-url'] },
  'tiktok-title': { flags: ['-tt', '--title'] },
  'tiktok-description': { flags: ['--description'] },
  'tiktok-allow-comments': { flags: ['--allow-comments'] },
  'tiktok-allow-duet': { flags: ['--allow-duet'] },
  'tiktok-allow-stitch': { flags: ['--allow-stitch'] },
  'tiktok-auto-add-music': { flags: ['--auto-add-music'] },
  'brand-organic': { env: ['TIKTOK_BRAND_ORGANIC'] },
  'brand-content': { env: ['TIKTOK_BRAND_CONTENT'] },
  'status-image-url-1': { flags: ['-i1', '--image-1'] },
  'status-image-url-2': { flags: ['-i2', '--image-2'] },
  'status-image-url-3': { flags: ['-i3', '--image-3'] },
  'status-image-url-4': { flags: ['-i4', '--image-4'] },
  'feed-url': { flags: ['-fu'] },
  'max-count': { flags: ['-mc', '--feed-max-count'] },
  'post-lookback': { flags: ['-pl', '--feed-post-lookback'] },
  'max-post-age': { flags: ['-ma', '--feed-max-post-age'] },
  'google-sheets-id': { flags: ['-gi', '--sheets-id'] },
  'google-sheets-name': { flags: ['-gn', '--sheets-name'] },
  'google-sheets-client-email': { flags: ['-ge', '--sheets-client-email'] },
  'google-sheets-private-key': { flags: ['-gk', '--sheets-private-key'] },
  loglevel: { flags: ['-l'] },
  help: { flags: ['-h'] },
  version: { flags: ['-v', '-V'] },
};

/** Agoras' flags that have no place here, each with what to do instead. */
export const REFUSED: Readonly<Record<string, string>> = {
  '--tiktok-access-token': 'agoras keeps and refreshes tokens itself: log in once with --action authorize',
  '-ta': 'agoras keeps and refreshes tokens itself: log in once with --action authorize',
  '--tiktok-refresh-token':
    'tokens live in the store: authorize once, or copy them with agoras store migrate (see README)',
  '-tr': 'tokens live in the store: authorize once, or copy them with agoras store migrate (see README)',
  '--profile': 'name the saved account with --tiktok-username NAME',
  '--content': 'pass the title and settings as flags (agoras publish --action video --help)',
};

/** The flag and its env var, for "missing input" messages. */
export function flagLabel(name: FlagName, specs: readonly FlagSpec[] = PUBLISH_FLAGS): string {
  const env = specs.find((spec) => spec.name === name)?.env;
  return env ? `--${name} (or ${env})` : `--${name}`;
}
