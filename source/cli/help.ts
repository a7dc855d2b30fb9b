import { PUBLISH_FLAGS } from './flags.js';

const EXAMPLES = `Actions (agoras publish --network tiktok --action ACTION …):
  authorize         log in once; tokens are saved (file 0600)
      agoras publish --network tiktok --action authorize --tiktok-username ana \\
        --tiktok-client-key KEY --tiktok-client-secret SECRET
  video             post a video from a local file or an http(s) URL
      agoras publish --network tiktok --action video --tiktok-username ana \\
        --tiktok-video-url ./clip.mp4 --tiktok-title "Hello" --tiktok-privacy-status SELF_ONLY
  post              post a photo slideshow of 1–4 image URLs
      agoras publish --network tiktok --action post --tiktok-username ana --tiktok-title "Trip" \\
        --status-image-url-1 https://example.com/1.jpg --tiktok-privacy-status PUBLIC_TO_EVERYONE
  last-from-feed    post the newest video entries of an RSS/Atom feed
      agoras publish --network tiktok --action last-from-feed --feed-url URL --max-count 1 \\
        --post-lookback 3600 --tiktok-privacy-status SELF_ONLY
  random-from-feed  post one random entry not older than --max-post-age days
      agoras publish --network tiktok --action random-from-feed --feed-url URL --max-post-age 365 \\
        --tiktok-privacy-status SELF_ONLY
  schedule          post the due rows of a Google Sheets schedule (run hourly from cron)
      agoras publish --network tiktok --action schedule --google-sheets-id ID \\
        --google-sheets-name Sheet1 --google-sheets-client-email EMAIL --google-sheets-private-key KEY
  like, share, delete are not supported by the TikTok API.`;

export const EXIT_CODES = `Exit codes:
  0 ok · 1 unexpected error · 2 usage or bad input · 3 authentication (authorize again)
  4 TikTok refused the post (policy, spam risk, FAILED) · 5 network/server after retries
  130 cancelled (Ctrl+C, SIGINT) · 143 SIGTERM · 129 SIGHUP`;

/** The whole --help text. */
export function helpText(version: string): string {
  const width = Math.max(...PUBLISH_FLAGS.map((f) => f.name.length)) + 4;
  const flags = PUBLISH_FLAGS.map(
    (f) => `  --${f.name.padEnd(width - 2)}${f.help}${f.env ? ` [${f.env}]` : ''}`,
  ).join('\n');
  return `agoras ${version} — publish videos and photo slideshows to TikTok

Usage:
  agoras                       guided wizard (in a terminal)
  agoras --sandbox             the wizard against the built-in TikTok sandbox
  agoras publish --network tiktok --action ACTION [flags]
  agoras accounts [--json]     saved accounts, checked live; exit 1 if any needs attention
  agoras accounts remove NAME  revoke at TikTok and forget
  agoras accounts default NAME
  agoras sandbox [--port N] [--auto-consent]   run the TikTok emulator in the foreground

${EXAMPLES}

Flags (each also read from the [VARIABLE]; the flag wins; booleans take --x, --x=false, --no-x):
${flags}

Environment: TIKTOK_API_BASE_URL, TIKTOK_AUTH_URL, AGORAS_CONFIG_DIR, AGORAS_NO_BROWSER=1,
  GOOGLE_SHEETS_ROOT_URL, GOOGLE_OAUTH_TOKEN_URL, HTTPS_PROXY/NO_PROXY.

${EXIT_CODES}
`;
}
