import { authorizeCommand } from '../shared/commands.js';
import type { Fix } from '../shared/errors.js';

export { authorizeCommand } from '../shared/commands.js';

/** A structured fix as the command line says it: a command or the flags to change. */
export function renderFix(fix: Fix): string {
  switch (fix.kind) {
    case 'authorize':
      return `run: ${authorizeCommand(fix.account)}`;
    case 'list-accounts':
      return 'see agoras accounts';
    case 'privacy':
      return `use --tiktok-privacy-status ${fix.allowed.join('|')}`;
    case 'brand-not-private':
      return 'choose another privacy level, or drop --brand-content';
    case 'drop-interaction':
      return `pass --no-tiktok-allow-${fix.which}`;
    case 'client-credentials':
      return 'check --tiktok-client-key / --tiktok-client-secret against your app in TikTok for Developers';
    case 'redirect-port':
      return 'stop what uses it, or pass --tiktok-redirect-uri with another registered port';
    case 'sheet':
      return {
        credentials:
          'check --google-sheets-client-email and --google-sheets-private-key belong to the same key',
        id: 'check --google-sheets-id (the long id in the sheet URL, between /d/ and /edit)',
        name: 'check --google-sheets-name (the tab name at the bottom of the spreadsheet)',
      }[fix.check];
    case 'config-dir':
      return 'Upgrade agoras, or point AGORAS_CONFIG_DIR at another directory.';
    case 'private-media':
      return 'pass --allow-private-media if you trust the source';
    case 'unaudited':
      return fix.why === 'privacy'
        ? 'choose with --if-unaudited self-only (post as Only me) or --if-unaudited inbox (a draft)'
        : 'make the TikTok account private in the app, or pass --if-unaudited inbox (a draft)';
    case 'store-secrets':
      return 'use rediss:// (TLS), or set AGORAS_STORE_KEY (32 bytes, base64) to seal tokens, or pass --store-insecure on a private network';
    case 'config-repair':
      return `authorize again (${authorizeCommand().replace(' --tiktok-username <name>', '')}), or repair the file and move it back`;
  }
}

/** The next step of an error for the one-line report: its hint, else its fix as a command line. */
export function nextStep(error: { hint?: string | undefined; fix?: Fix | undefined }): string | undefined {
  return error.hint ?? (error.fix ? renderFix(error.fix) : undefined);
}

/** The one line that says how to see a post's numbers and followers: authorize again, opting in. */
export function statsScopeLine(account: string): string {
  return `Views, likes and followers of '${account}' need TikTok's video.list and user.info.stats permissions: ${authorizeCommand(account)} --with-stats`;
}
