import { fitLines, flagLines, section } from './help-flags.js';

const page = (...parts: string[]) => `${fitLines(parts.join('\n\n').split('\n')).join('\n')}\n`;

/** `agoras status --help`. */
export function statusHelp(): string {
  return page(
    'What TikTok says about a post, in plain words, with its address once it is public.',
    section('USAGE', ['  agoras status PUBLISH_ID [flags]']),
    section('FLAGS', flagLines(['tiktok-username', 'json', 'wait', 'wait-timeout', 'sandbox'])),
    section('EXAMPLES', [
      '  $ agoras status v_pub_file~v2-1.7282409269186249898',
      '  $ agoras status v_pub_file~v2-1.7282409269186249898 --wait --json',
      '  Without --tiktok-username, the account that posted the ID here is used.',
    ]),
    section('EXIT CODES', [
      '  0 published, or in the creator’s inbox (or still processing, without --wait)',
      '  4 FAILED · 5 still processing when --wait runs out, or network',
      '  2 an ID TikTok does not know, or that belongs to another account',
    ]),
  );
}

/** `agoras history --help`. */
export function historyHelp(): string {
  return page(
    'What this machine posted, newest first: when, which account, what became of it, what and where from (file, URL, feed entry, sheet row), the publish ID.',
    section('USAGE', ['  agoras history [flags]']),
    section('FLAGS', flagLines(['tiktok-username', 'json', 'sandbox'])),
    section('EXAMPLES', [
      '  $ agoras history',
      '  $ agoras history --json | jq -r \'.posts[] | select(.state == "uploading") | .publishId\'',
    ]),
  );
}
