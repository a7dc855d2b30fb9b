import { ACTIONS } from './actions.js';
import { flagsOf } from './command-line.js';
import { COMMANDS } from './commands.js';
import type { FlagName } from './flags.js';
import { fitLines, flagLines, section } from './help-flags.js';
import { historyHelp, statusHelp, storeHelp } from './help-records.js';

type Action = (typeof ACTIONS)[number];

export { COMMANDS } from './commands.js';

export const EXIT_CODES = section('EXIT CODES', [
  '  0 ok · 1 unexpected error · 2 usage or bad input · 3 authentication',
  '  4 TikTok refused the post · 5 network or TikTok after retries',
  '  130 cancelled (Ctrl+C, SIGINT) · 143 SIGTERM · 129 SIGHUP',
]);

const LEARN_MORE = section('LEARN MORE', [
  '  agoras help COMMAND, or agoras COMMAND --help, for a command',
  '  agoras publish --action ACTION --help for the flags of one action',
  "  Agoras' forms run too: agoras tiktok video …, agoras utils feed-publish …",
  '  (--show-migration prints the command they stand for)',
]);

const page = (...parts: string[]) => `${fitLines(parts.join('\n\n').split('\n')).join('\n')}\n`;

/** `agoras help`, `agoras --help`. */
export function helpText(version: string): string {
  return page(
    `agoras ${version}: publish videos and photo slideshows to TikTok`,
    section('USAGE', [
      '  agoras                  the guided wizard (in a terminal)',
      '  agoras COMMAND [flags]',
    ]),
    section(
      'COMMANDS',
      COMMANDS.map(([name, summary]) => `  ${name.padEnd(12)}${summary}`),
    ),
    section('FLAGS', flagLines(['sandbox', 'headless', 'debug', 'help', 'version'])),
    section('ENVIRONMENT', [
      '  A flag with a [VARIABLE] in its help also reads it; the flag wins:',
      '  TIKTOK_USERNAME, TIKTOK_CLIENT_KEY, TIKTOK_CLIENT_SECRET, TIKTOK_TITLE,',
      "  TIKTOK_VIDEO_URL, TIKTOK_PRIVACY_STATUS, BRAND_ORGANIC (or Agoras'",
      '  TIKTOK_BRAND_ORGANIC), STATUS_IMAGE_URL_1…4, FEED_URL, GOOGLE_SHEETS_ID, …',
      '  Shown without one, a flag has none: --yes, --dry-run, --json, --wait.',
    ]),
    section('EXAMPLES', [
      '  $ agoras --sandbox',
      '  $ agoras publish --network tiktok --action video --tiktok-username ana \\',
      '      --tiktok-video-url ./clip.mp4 --tiktok-title "Hello" \\',
      '      --tiktok-privacy-status SELF_ONLY',
      '  $ agoras accounts',
    ]),
    LEARN_MORE,
    EXIT_CODES,
  );
}

const ACTION_SUMMARY: Record<Action, string> = {
  authorize: 'log in once with your app; tokens are saved (file 0600)',
  video: 'post a video from a local file or an http(s) URL',
  post: 'post a photo slideshow of 1 to 4 image URLs',
  'last-from-feed': 'post the newest entries of an RSS/Atom feed',
  'random-from-feed': 'post one random recent entry of a feed',
  schedule: 'post the due rows of a Google Sheets schedule (hourly cron)',
};

const COMMON: FlagName[] = ['tiktok-username', 'dry-run', 'headless', 'sandbox', 'debug'];
const _POST_SETTINGS: FlagName[] = [
  'tiktok-privacy-status',
  'tiktok-allow-comments',
  'brand-organic',
  'brand-content',
  'tiktok-post-mode',
];
const _VIDEO_SETTINGS: FlagName[] = [
  'tiktok-allow-duet',
  'tiktok-allow-stitch',
  'tiktok-video-source',
  'tiktok-aigc',
  'tiktok-cover-ms',
];

/** Each action's own flags, read from the flag table (the flags every action takes are listed apart). */
const actionFlags = (action: Action) => flagsOf(action) as FlagName[];

const ACTION_EXAMPLES: Record<Action, string[]> = {
  authorize: [
    '  $ agoras publish --network tiktok --action authorize --tiktok-username ana \\',
    '      --tiktok-client-key KEY --tiktok-client-secret SECRET',
    '  On a server: --no-browser, then the ssh -L line it prints (see README).',
  ],
  video: [
    '  $ agoras publish --network tiktok --action video --tiktok-username ana \\',
    '      --tiktok-video-url ./clip.mp4 --tiktok-title "Hello" \\',
    '      --tiktok-privacy-status SELF_ONLY',
    '  In a terminal, what is missing is asked, ending with "Post to TikTok?".',
  ],
  post: [
    '  $ agoras publish --network tiktok --action post --tiktok-title "Trip" \\',
    '      --status-image-url-1 https://example.com/1.jpg \\',
    '      --tiktok-privacy-status PUBLIC_TO_EVERYONE',
  ],
  'last-from-feed': [
    '  $ agoras publish --network tiktok --action last-from-feed --feed-url URL \\',
    '      --max-count 1 --post-lookback 3600 --tiktok-privacy-status SELF_ONLY',
  ],
  'random-from-feed': [
    '  $ agoras publish --network tiktok --action random-from-feed --feed-url URL \\',
    '      --max-post-age 365 --tiktok-privacy-status SELF_ONLY',
  ],
  schedule: [
    '  $ agoras publish --network tiktok --action schedule --google-sheets-id ID \\',
    '      --google-sheets-name Sheet1 --google-sheets-client-email EMAIL \\',
    '      --google-sheets-private-key ./key.json',
    '  Run it hourly from cron; add --dry-run to see what it would post.',
  ],
};

/** `agoras publish --help`. */
export function publishHelp(): string {
  return page(
    "Publish to TikTok with the seed's actions; in a terminal, missing values are asked.",
    section('USAGE', ['  agoras publish --network tiktok --action ACTION [flags]']),
    section('ACTIONS', [
      ...ACTIONS.map((a) => `  ${a.padEnd(18)}${ACTION_SUMMARY[a]}`),
      '  like, share and delete are not supported by the TikTok API.',
    ]),
    section('FLAGS', flagLines(['network', 'action', ...COMMON, 'yes'])),
    section('EXAMPLES', ACTION_EXAMPLES.video),
    section('LEARN MORE', [
      '  agoras publish --action ACTION --help: the flags of one action',
      '  Every flag also reads its [VARIABLE]; the flag wins.',
      '  Booleans take --x, --x=true|false or --no-x.',
    ]),
    EXIT_CODES,
  );
}

/** `agoras publish --action ACTION --help`. */
export function actionHelp(action: Action): string {
  return page(
    `agoras publish --action ${action}: ${ACTION_SUMMARY[action]}`,
    section('USAGE', [`  agoras publish --network tiktok --action ${action} [flags]`]),
    section('FLAGS', flagLines(actionFlags(action))),
    section('COMMON FLAGS', flagLines(COMMON.filter((f) => !actionFlags(action).includes(f)))),
    section('EXAMPLES', ACTION_EXAMPLES[action]),
    EXIT_CODES,
  );
}

/** `agoras accounts --help`. */
export function accountsHelp(): string {
  return page(
    'Saved TikTok accounts, like gh auth status: each token checked live.',
    section('USAGE', [
      '  agoras accounts [--json]     list them; exit 1 if one needs attention',
      '  agoras accounts remove NAME  revoke at TikTok, then forget (asks first)',
      '  agoras accounts default NAME the account used when none is named',
    ]),
    section('FLAGS', flagLines(['json', 'yes', 'daily-post-cap', 'sandbox'])),
    section('EXAMPLES', [
      '  $ agoras accounts',
      "  $ agoras accounts --json | jq '.accounts[] | select(.ok | not)'",
      '  $ agoras accounts remove shop --yes    # without a terminal, --yes is needed',
    ]),
    EXIT_CODES,
  );
}

/** `agoras sandbox --help`. */
export function sandboxHelp(): string {
  return page(
    'A local TikTok (Login Kit, Content Posting API, webhooks, Display API) and\n' +
      'Google Sheets, until Ctrl+C. It prints one JSON line with its URLs and client\n' +
      'credentials first. Any TikTok client can be pointed at it.',
    section('USAGE', ['  agoras sandbox [flags]']),
    section('FLAGS', [
      '  --port N           port to listen on (default: any free port)',
      '  --host ADDR        address to listen on (default 127.0.0.1)',
      '  --public-url URL   base URL clients reach it on (default http://127.0.0.1:N)',
      '  --auto-consent     approve the login at once, without Approve/Deny',
      '  --client T:KEY:SECRET[:URI,…]  one more app: desktop (PKCE, loopback) or',
      '                     web (https redirect URIs on its domain, no PKCE)',
      "  --webhook-url [KEY=]URL  where an app's webhook events go (repeatable)",
      '  --webhook-duplicate  deliver every webhook event twice (at least once)',
      '  --status-delay MS  how long a post stays PROCESSING (default 1500)',
      "  --moderation-delay D  how long a public post's ID is withheld after",
      '                     PUBLISH_COMPLETE (30s, 2h; default 10s; 0 = at once)',
      '  --token-lifetimes A/R  access/refresh token lifetimes (default 2h/180d)',
      '  --faults FILE      JSON faults to arm at start (as POST <adminUrl>/faults)',
      '  --unaudited        an app TikTok has not audited: SELF_ONLY only, posts to',
      '                     public accounts refused, daily caps (15 posts, 5 shares)',
      '  --private-account  the sandbox account is private',
      '  --sparse           status replies without byte counts and post IDs',
      "  --retry-after      429 replies carry Retry-After (TikTok's do not)",
      '  --help             show this help',
    ]),
    section('ENVIRONMENT', [
      '  AGORAS_SANDBOX_UNAUDITED=1, AGORAS_SANDBOX_PRIVATE_ACCOUNT=1,',
      '  AGORAS_SANDBOX_SPARSE=1, AGORAS_SANDBOX_RETRY_AFTER=1,',
      '  AGORAS_SANDBOX_STATUS_DELAY_MS=N, AGORAS_SANDBOX_MODERATION_DELAY=D,',
      '  AGORAS_SANDBOX_TOKEN_LIFETIMES=A/R and AGORAS_SANDBOX_HOST=ADDR do the',
      '  same; flags win.',
    ]),
    section('EXAMPLES', [
      '  $ agoras sandbox --auto-consent',
      '  $ agoras sandbox --port 8080 --client web:awkey:secret:https://app.example/cb',
      '  $ agoras --sandbox              # the wizard against an in-process sandbox',
      '  $ agoras publish --sandbox --network tiktok --action schedule --dry-run',
    ]),
  );
}

/** `agoras completion --help`. */
export function completionHelp(): string {
  return page(
    'Prints a completion script for your shell, made from the flag table.',
    section('USAGE', ['  agoras completion bash|zsh|fish']),
    section('EXAMPLES', [
      '  $ agoras completion bash > ~/.local/share/bash-completion/completions/agoras',
      '  $ agoras completion zsh > ~/.zfunc/_agoras   # with fpath+=(~/.zfunc) in .zshrc',
      '  $ agoras completion fish > ~/.config/fish/completions/agoras.fish',
    ]),
  );
}

/** The page for what the command line asks help about: a command, an action, or the overview. */
export function helpPage(topic: { command?: string; action?: string }, version: string): string {
  if (topic.command === 'publish') {
    const action = ACTIONS.find((a) => a === topic.action);
    return action ? actionHelp(action) : publishHelp();
  }
  if (topic.command === 'accounts') return accountsHelp();
  if (topic.command === 'status') return statusHelp();
  if (topic.command === 'history') return historyHelp();
  if (topic.command === 'store') return storeHelp();
  if (topic.command === 'sandbox') return sandboxHelp();
  if (topic.command === 'completion') return completionHelp();
  return helpText(version);
}
