import { PRIVACY_LABELS } from '../core/rules.js';
import type { Fix } from '../shared/errors.js';
import type { PrivacyLevel } from '../shared/post-job.js';

const INTERACTION: Record<'comments' | 'duet' | 'stitch', string> = {
  comments: 'Allow comments',
  duet: 'Allow duet',
  stitch: 'Allow stitch',
};

/** A structured fix as the wizard says it: a step to go back to, or what to change there. */
export function wizardFix(fix: Fix): string {
  switch (fix.kind) {
    case 'authorize':
      return `Re-authorize ${fix.account ? `'${fix.account}'` : 'the account'}: Esc back to the accounts, choose it again.`;
    case 'list-accounts':
      return 'Choose one of the saved accounts on the first screen.';
    case 'privacy':
      return `Go back to Details and choose: ${fix.allowed.map((p) => PRIVACY_LABELS[p as PrivacyLevel] ?? p).join(', ')}.`;
    case 'brand-not-private':
      return 'Go back and choose another privacy level, or turn off Branded content.';
    case 'drop-interaction':
      return `Go back to Details and turn off “${INTERACTION[fix.which]}”.`;
    case 'client-credentials':
      return 'Check the client key and secret against your app in TikTok for Developers.';
    case 'redirect-port':
      return 'Stop what uses that port, or set TIKTOK_REDIRECT_URI to another registered port.';
    case 'sheet':
      return {
        credentials: 'Check that the service account email and key belong together.',
        id: 'Check the spreadsheet ID (the long id in its URL, between /d/ and /edit).',
        name: 'Check the sheet name (the tab name at the bottom of the spreadsheet).',
      }[fix.check];
    case 'config-dir':
      return 'Upgrade agoras, or point AGORAS_CONFIG_DIR at another directory.';
    case 'private-media':
      return 'Media a feed or a sheet names on this machine or a private network is not fetched; for a source you trust, run agoras publish with --allow-private-media.';
    case 'unaudited':
      return fix.why === 'privacy'
        ? 'Go back to Details and choose Only me, or turn on “Send to my TikTok inbox as a draft”.'
        : 'Make your TikTok account private in the TikTok app, or go back and send it to your inbox as a draft.';
    case 'store-secrets':
      return 'Use a rediss:// store, or set AGORAS_STORE_KEY to seal tokens, or allow an insecure store with --store-insecure on a private network.';
    case 'config-repair':
      return 'Authorize the account again, or repair the config file and move it back.';
  }
}
